"""Models of portal."""
