"""Disclosure is edited only through its pages and API (versioned, approved, ledgered services), so
the admin registers nothing: a change made there would bypass the approval and the ledger."""
