"""Errors raised by the ledger for programming mistakes of its callers.

They are not DomainErrors: no user can cause them, so they surface as 500s and in tests.
Bad input on the public proof endpoints raises sanxiang.core.errors instead.
"""


class LedgerError(Exception):
    """Base class of the ledger's own errors."""


class NotInTransaction(LedgerError, RuntimeError):
    """append() was called outside transaction.atomic(): the entry could outlive a rolled-back change."""


class InvalidEntry(LedgerError, ValueError):
    """A kind, subject, actor or payload that the ledger refuses to record."""


class ImmutableEntry(LedgerError):
    """Something tried to change or delete an append-only row through the ORM."""


class LedgerCorrupted(LedgerError):
    """The stored ledger is inconsistent in a way that stops appends; run `sanxiang ledger verify`."""
