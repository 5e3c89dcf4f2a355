"""The statutory working-day calendar (法定工作日历) and deadline arithmetic.

Public reads live in `selectors`, writes in `services`. The hook name is defined here so that
higher apps can register a handler without importing models at load time.
"""

# Called after commit as hooks.call(CALENDAR_CHANGED, years={2027, ...}) whenever a year's
# arrangement is imported, edited or deleted; `cases` recomputes its provisional deadlines.
CALENDAR_CHANGED = "workdays.calendar_changed"
