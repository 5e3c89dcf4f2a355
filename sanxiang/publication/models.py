"""Models of publication."""
