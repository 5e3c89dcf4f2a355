"""The annual enforcement statistics report (行政执法统计年报, STAT-01..03; issue 5)."""
