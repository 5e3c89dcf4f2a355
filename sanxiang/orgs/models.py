"""Who is who: enforcement bodies, departments, officers, credentials, users and role grants."""

from __future__ import annotations

import datetime

from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models

from sanxiang.core.models import PublicIdModel, TimeStampedModel

from .choices import (
    ADMIN_ROLES,
    CREDENTIAL_ELIGIBLE_STAFF,
    BodyKind,
    CredentialStatus,
    DepartmentKind,
    Role,
    StaffType,
)
from .validators import mask_id_number, validate_credit_code, validate_id_number


class EnforcementBody(PublicIdModel):
    """An enforcement body (行政执法主体): an organ, an authorised or an entrusted organisation."""

    name = models.CharField("名称", max_length=100, unique=True)
    short_name = models.CharField(
        "文号简称", max_length=12, unique=True, help_text="用于案件编号和文书文号，如“河市监”"
    )
    kind = models.CharField("主体类型", max_length=16, choices=BodyKind.choices)
    credit_code = models.CharField(
        "统一社会信用代码", max_length=18, unique=True, validators=[validate_credit_code]
    )
    region_code = models.CharField("行政区划代码", max_length=6)
    region_name = models.CharField("所在地区", max_length=50)
    legal_basis = models.TextField("设立及执法依据", blank=True)
    duties = models.TextField("职责权限", blank=True)
    remedies = models.TextField("救济渠道", blank=True)
    address = models.CharField("地址", max_length=200, blank=True)
    phone = models.CharField("联系电话", max_length=30, blank=True)
    entrusted_by = models.ForeignKey(
        "self", verbose_name="委托机关", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    is_justice_bureau = models.BooleanField("司法行政部门（执法监督机构）", default=False)
    is_market_supervision = models.BooleanField("市场监管部门（随机抽查清单审核）", default=False)
    is_active = models.BooleanField("启用", default=True)

    class Meta:
        verbose_name = "执法主体"
        verbose_name_plural = "执法主体"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.kind == BodyKind.ENTRUSTED_ORG and not self.entrusted_by_id:
            raise ValidationError({"entrusted_by": "受委托组织必须填写委托机关"})


class Department(TimeStampedModel):
    """A unit inside a body: a handling unit (承办机构) or the legal-review unit (法制审核机构)."""

    body = models.ForeignKey(
        EnforcementBody, verbose_name="执法主体", on_delete=models.PROTECT, related_name="departments"
    )
    name = models.CharField("名称", max_length=100)
    kind = models.CharField(
        "类型", max_length=16, choices=DepartmentKind.choices, default=DepartmentKind.HANDLING
    )

    class Meta:
        verbose_name = "内设机构"
        verbose_name_plural = "内设机构"
        constraints = [
            models.UniqueConstraint(fields=["body", "name"], name="department_unique_name_per_body")
        ]
        ordering = ["body", "name"]

    def __str__(self) -> str:
        return f"{self.body.short_name}·{self.name}"


class User(AbstractUser):
    """A staff login. Business rights come from RoleGrant rows, never from is_staff/is_superuser."""

    display_name = models.CharField("姓名", max_length=50, blank=True)
    must_change_password = models.BooleanField("下次登录须修改密码", default=True)
    password_changed_at = models.DateTimeField("密码修改时间", null=True, blank=True)

    class Meta:
        verbose_name = "用户"
        verbose_name_plural = "用户"

    def __str__(self) -> str:
        return self.display_name or self.username


class Officer(PublicIdModel):
    """An enforcement officer (执法人员) in the officer registry."""

    body = models.ForeignKey(
        EnforcementBody, verbose_name="执法主体", on_delete=models.PROTECT, related_name="officers"
    )
    department = models.ForeignKey(
        Department,
        verbose_name="所在机构",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="officers",
    )
    user = models.OneToOneField(
        User,
        verbose_name="登录账号",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="officer",
    )
    name = models.CharField("姓名", max_length=50)
    id_number = models.CharField("公民身份号码", max_length=18, unique=True, validators=[validate_id_number])
    post = models.CharField("职务", max_length=50, blank=True)
    staff_type = models.CharField("人员类别", max_length=24, choices=StaffType.choices)
    phone = models.CharField("联系电话", max_length=20, blank=True)
    has_legal_qualification = models.BooleanField("具有法律职业资格", default=False)
    legal_qualification_number = models.CharField("法律职业资格证书编号", max_length=40, blank=True)
    is_active = models.BooleanField("在岗", default=True)

    class Meta:
        verbose_name = "执法人员"
        verbose_name_plural = "执法人员"
        ordering = ["body", "name"]

    def __str__(self) -> str:
        return self.name

    @property
    def masked_id_number(self) -> str:
        return mask_id_number(self.id_number)

    @property
    def may_hold_credential(self) -> bool:
        return self.staff_type in CREDENTIAL_ELIGIBLE_STAFF

    def clean(self) -> None:
        if self.department_id and self.body_id and self.department.body_id != self.body_id:
            raise ValidationError({"department": "所在机构不属于该执法主体"})
        if self.has_legal_qualification and not self.legal_qualification_number:
            raise ValidationError({"legal_qualification_number": "具有法律职业资格的，须填写证书编号"})

    def valid_credential_on(self, day: datetime.date) -> Credential | None:
        """CRED-01: the credential that makes this officer competent on `day`, if any."""
        if not self.is_active or not self.may_hold_credential:
            return None
        for credential in self.credentials.all():
            if credential.is_valid_on(day):
                return credential
        return None


class Credential(PublicIdModel):
    """An enforcement credential (行政执法证件). The number is an opaque string (K10)."""

    officer = models.ForeignKey(
        Officer, verbose_name="持证人", on_delete=models.PROTECT, related_name="credentials"
    )
    number = models.CharField("证件编号", max_length=40, unique=True)
    issuer = models.CharField("发证机关", max_length=100)
    fields = models.CharField("执法领域", max_length=200)
    valid_from = models.DateField("有效期起")
    valid_until = models.DateField("有效期至")
    status = models.CharField(
        "状态", max_length=16, choices=CredentialStatus.choices, default=CredentialStatus.VALID
    )
    status_reason = models.CharField("状态变更原因", max_length=200, blank=True)

    class Meta:
        verbose_name = "执法证件"
        verbose_name_plural = "执法证件"
        ordering = ["officer", "-valid_until"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(valid_until__gte=models.F("valid_from")),
                name="credential_validity_ordered",
            )
        ]

    def __str__(self) -> str:
        return self.number

    def is_valid_on(self, day: datetime.date) -> bool:
        return self.status == CredentialStatus.VALID and self.valid_from <= day <= self.valid_until

    def clean(self) -> None:
        if self.valid_from and self.valid_until and self.valid_until < self.valid_from:
            raise ValidationError({"valid_until": "有效期至不得早于有效期起"})
        if self.officer_id and not self.officer.may_hold_credential:
            raise ValidationError(
                {"officer": f"{self.officer.get_staff_type_display()}不得申领行政执法证件（CRED-01）"}
            )


class RoleGrant(TimeStampedModel):
    """A role held by a user, within one body (admin and supervisor roles may be city-wide)."""

    user = models.ForeignKey(User, verbose_name="用户", on_delete=models.CASCADE, related_name="grants")
    role = models.CharField("角色", max_length=24, choices=Role.choices)
    body = models.ForeignKey(
        EnforcementBody,
        verbose_name="执法主体",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="grants",
    )

    class Meta:
        verbose_name = "角色授权"
        verbose_name_plural = "角色授权"
        constraints = [models.UniqueConstraint(fields=["user", "role", "body"], name="rolegrant_unique")]

    def __str__(self) -> str:
        where = self.body.short_name if self.body_id else "全市"
        return f"{self.user} · {self.get_role_display()} · {where}"

    @property
    def is_admin_role(self) -> bool:
        return self.role in ADMIN_ROLES


class NumberSequence(models.Model):
    """A body's own counter per kind and year (案件编号, 文书文号); gap-free, locked on use."""

    body = models.ForeignKey(EnforcementBody, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=32)
    year = models.PositiveSmallIntegerField()
    last_value = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = "编号序列"
        verbose_name_plural = "编号序列"
        constraints = [models.UniqueConstraint(fields=["body", "kind", "year"], name="numbersequence_unique")]

    def __str__(self) -> str:
        return f"{self.kind} {self.year}: {self.last_value}"
