"""Permissions as data: what each role may do, and over which objects (AUTHZ-01/02/04).

An action is a dotted string. A role grants a set of actions at a scope:
- ASSIGNED: objects the user's officer record is assigned to (e.g. an officer's own cases);
- DEPARTMENT: objects of the user's department within the granting body;
- BODY: every object of the granting body;
- ALL: every body (the justice bureau's supervisors; read actions only).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum

from .choices import Role


class Scope(IntEnum):
    NONE = 0
    ASSIGNED = 1
    DEPARTMENT = 2
    BODY = 3
    ALL = 4


# Actions on case data. Transition rows in cases.procedure name one of these.
CASE_VIEW = "case.view"
CASE_CREATE = "case.create"
CASE_HANDLE = "case.handle"  # the handling officer's procedural steps
CASE_APPROVE = "case.approve"  # department head: filing, closing, internal sign-off
CASE_REVIEW = "case.review"  # legal-review unit: internal review (案件审核)
CASE_DECIDE = "case.decide"  # agency head: decisions, extensions, suspension, termination
CASE_RECORD_OUTCOME = "case.record_outcome"  # reconsideration / litigation results

OFFICER_VIEW = "officer.view"
OFFICER_VIEW_PII = "officer.view_pii"  # unmasked ID numbers (AUTHZ-05)
ORGS_MANAGE = "orgs.manage"  # bodies, departments, officers, credentials, users
ROLES_MANAGE = "roles.manage"  # grant and revoke roles, security policy
AUDIT_VIEW = "audit.view"
DISCLOSURE_MANAGE = "disclosure.manage"
RANDOM_LIST_APPROVE = "random_list.approve"
DISCLOSURE_APPROVE = "disclosure.approve"  # the justice bureau approves a body's disclosure items
PUBLICATION_APPROVE = "publication.approve"  # agency head signs off a desensitized decision text
SUPERVISION_MANAGE = "supervision.manage"  # campaigns, inspections, evaluations, notices (bureau)
SELF_INSPECTION_FILE = "supervision.self_inspect"  # a body files its self-inspection report
RECTIFICATION_RESPOND = "supervision.rectify"  # a body answers a rectification order
COMPLAINT_HANDLE = "complaint.handle"  # complaints about enforcement routed to a body or the bureau

READ_ACTIONS = frozenset({CASE_VIEW, OFFICER_VIEW})


@dataclass(frozen=True)
class RoleRights:
    case_scope: Scope
    actions: frozenset[str]


ROLE_RIGHTS: dict[str, RoleRights] = {
    Role.OFFICER: RoleRights(Scope.ASSIGNED, frozenset({CASE_VIEW, CASE_CREATE, CASE_HANDLE, OFFICER_VIEW})),
    Role.DEPARTMENT_HEAD: RoleRights(
        Scope.DEPARTMENT, frozenset({CASE_VIEW, CASE_CREATE, CASE_HANDLE, CASE_APPROVE, OFFICER_VIEW})
    ),
    Role.AGENCY_HEAD: RoleRights(
        Scope.BODY,
        frozenset(
            {
                CASE_VIEW,
                CASE_APPROVE,
                CASE_DECIDE,
                CASE_RECORD_OUTCOME,
                OFFICER_VIEW,
                OFFICER_VIEW_PII,
                PUBLICATION_APPROVE,
                SELF_INSPECTION_FILE,
                RECTIFICATION_RESPOND,
                COMPLAINT_HANDLE,
            }
        ),
    ),
    Role.LEGAL_REVIEWER: RoleRights(Scope.BODY, frozenset({CASE_VIEW, CASE_REVIEW, OFFICER_VIEW})),
    Role.DISCLOSURE_STAFF: RoleRights(
        Scope.BODY, frozenset({CASE_VIEW, DISCLOSURE_MANAGE, OFFICER_VIEW, SELF_INSPECTION_FILE})
    ),
    # AUTHZ-04: reads case data across bodies, never writes it; writes only supervision's own records.
    Role.SUPERVISOR: RoleRights(
        Scope.ALL,
        frozenset({CASE_VIEW, OFFICER_VIEW, DISCLOSURE_APPROVE, SUPERVISION_MANAGE, COMPLAINT_HANDLE}),
    ),
    Role.MSA_REVIEWER: RoleRights(Scope.NONE, frozenset({RANDOM_LIST_APPROVE, OFFICER_VIEW})),
    # AUTHZ-01: the system admin manages users and reference data but sees no case content.
    Role.SYSTEM_ADMIN: RoleRights(Scope.NONE, frozenset({ORGS_MANAGE, OFFICER_VIEW, OFFICER_VIEW_PII})),
    Role.SECURITY_ADMIN: RoleRights(Scope.NONE, frozenset({ROLES_MANAGE})),
    Role.AUDIT_ADMIN: RoleRights(Scope.NONE, frozenset({AUDIT_VIEW})),
}

# Roles whose grants are city-wide (body may be empty).
CITY_WIDE_ROLES = frozenset(
    {Role.SUPERVISOR, Role.MSA_REVIEWER, Role.SYSTEM_ADMIN, Role.SECURITY_ADMIN, Role.AUDIT_ADMIN}
)
