"""Models of annualreport."""
