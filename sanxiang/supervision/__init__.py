"""Supervision: compliance indicators, scorecards, look-back campaigns, self-inspection reports (issue 6)."""
