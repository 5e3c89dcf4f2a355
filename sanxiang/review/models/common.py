"""What the review models share: how a row reaches its case's body (for orgs.access)."""

from sanxiang.orgs.access import AccessPaths

CASE_ACCESS = AccessPaths(
    body="case__body", department="case__department", assignee_users="case__assignments__officer__user"
)
SUBMISSION_ACCESS = AccessPaths(
    body="submission__case__body",
    department="submission__case__department",
    assignee_users="submission__case__assignments__officer__user",
)
AMOUNT = {"max_digits": 14, "decimal_places": 2}
