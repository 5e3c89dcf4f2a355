"""Hook handlers this app registers on lower apps (see sanxiang.core.hooks)."""

from sanxiang.core import hooks


@hooks.handles("workdays.calendar_changed")
def recompute_deadlines(years: set[int], **_kwargs) -> int:
    """Stored deadlines computed on a provisional calendar follow the newly loaded official one."""
    from . import deadlines  # imported late: the calendar module loads before the cases app is ready

    return deadlines.recompute_provisional(years)
