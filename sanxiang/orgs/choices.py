"""Stable ASCII codes with Chinese labels for the organisation domain."""

from django.db import models


class BodyKind(models.TextChoices):
    ADMINISTRATIVE_ORGAN = "organ", "行政机关"
    AUTHORIZED_ORG = "authorized", "法律法规授权组织"
    ENTRUSTED_ORG = "entrusted", "受委托组织"


class DepartmentKind(models.TextChoices):
    HANDLING = "handling", "承办机构"
    LEGAL_REVIEW = "legal_review", "法制审核机构"
    OFFICE = "office", "综合机构"


class StaffType(models.TextChoices):
    CIVIL_SERVANT = "civil_servant", "公务员"
    QUASI_CIVIL_SERVANT = "quasi_civil_servant", "参照公务员法管理人员"
    PUBLIC_INSTITUTION = "public_institution", "事业编制人员"
    WORKER = "worker", "工勤人员"
    CONTRACT = "contract", "劳动合同工"
    TEMPORARY = "temporary", "临时工"


# CRED-01 / HN-EXEC Arts. 20-21: only established staff may hold an enforcement credential.
CREDENTIAL_ELIGIBLE_STAFF = frozenset(
    {StaffType.CIVIL_SERVANT, StaffType.QUASI_CIVIL_SERVANT, StaffType.PUBLIC_INSTITUTION}
)


class CredentialStatus(models.TextChoices):
    VALID = "valid", "有效"
    SUSPENDED = "suspended", "暂扣"
    REVOKED = "revoked", "注销"


class Role(models.TextChoices):
    OFFICER = "officer", "执法人员"
    DEPARTMENT_HEAD = "department_head", "承办机构负责人"
    AGENCY_HEAD = "agency_head", "机关负责人"
    LEGAL_REVIEWER = "legal_reviewer", "法制审核人员"
    DISCLOSURE_STAFF = "disclosure_staff", "公示工作人员"
    SUPERVISOR = "supervisor", "司法局执法监督人员"
    MSA_REVIEWER = "msa_reviewer", "市场监管部门审核人员"
    SYSTEM_ADMIN = "system_admin", "系统管理员"
    SECURITY_ADMIN = "security_admin", "安全管理员"
    AUDIT_ADMIN = "audit_admin", "审计管理员"


# AUTHZ-01 (三权分立): no account holds two of these.
ADMIN_ROLES = frozenset({Role.SYSTEM_ADMIN, Role.SECURITY_ADMIN, Role.AUDIT_ADMIN})
