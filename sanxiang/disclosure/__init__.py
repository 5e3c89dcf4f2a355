"""Disclosure before and during enforcement: items, versions, approvals, credential check, position boards (issue 5)."""
