"""Disclosure after enforcement: publication records, desensitization, deadlines, withdrawal (issue 5)."""
