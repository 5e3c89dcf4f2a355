"""Errors of the archive app."""

from sanxiang.core.errors import Conflict


class ExportAborted(Conflict):
    """An evidence file failed its integrity check while the archive streamed; the ZIP is incomplete."""

    code = "integrity_failure"
