"""Small factories for tests and benchmarks: valid identifiers, bodies, officers, users, cases."""

from __future__ import annotations

import datetime
import itertools

from django.utils import timezone

from sanxiang.orgs.choices import BodyKind, DepartmentKind, StaffType
from sanxiang.orgs.models import Credential, Department, EnforcementBody, Officer, User
from sanxiang.orgs.services import grant_role
from sanxiang.orgs.validators import credit_code_check_char, id_number_check_char

_seq = itertools.count(1)
PASSWORD = "Test-Passw0rd-Long"  # noqa: S105 - test fixture password


def credit_code(n: int | None = None) -> str:
    n = next(_seq) if n is None else n
    first17 = f"11140882{n:09d}"
    return first17 + credit_code_check_char(first17)


def id_number(n: int | None = None, birth: str = "19850312") -> str:
    n = next(_seq) if n is None else n
    first17 = f"140882{birth}{n % 1000:03d}"
    return first17 + id_number_check_char(first17)


def make_body(name: str, short_name: str, **extra) -> EnforcementBody:
    body = EnforcementBody.objects.create(
        name=name,
        short_name=short_name,
        kind=BodyKind.ADMINISTRATIVE_ORGAN,
        credit_code=credit_code(),
        region_code="140882",
        region_name="河津市",
        **extra,
    )
    Department.objects.create(body=body, name="执法稽查科", kind=DepartmentKind.HANDLING)
    Department.objects.create(body=body, name="法规科", kind=DepartmentKind.LEGAL_REVIEW)
    return body


def handling_department(body: EnforcementBody) -> Department:
    return body.departments.get(kind=DepartmentKind.HANDLING)


def make_user(username: str, *roles: str, body: EnforcementBody | None = None) -> User:
    user = User.objects.create_user(username=username, password=PASSWORD, display_name=username)
    user.must_change_password = False
    user.save(update_fields=["must_change_password"])
    for role in roles:
        grant_role(user, role, body)
    return user


def make_officer(
    body: EnforcementBody,
    name: str,
    *,
    user: User | None = None,
    valid: bool = True,
    staff_type: str = StaffType.CIVIL_SERVANT,
    legal: bool = False,
    valid_from: datetime.date | None = None,
    valid_until: datetime.date | None = None,
) -> Officer:
    n = next(_seq)
    officer = Officer.objects.create(
        body=body,
        department=handling_department(body),
        user=user,
        name=name,
        id_number=id_number(n),
        post="科员",
        staff_type=staff_type,
        has_legal_qualification=legal,
        legal_qualification_number="A20201401" if legal else "",
    )
    if valid:
        today = timezone.localdate()
        Credential.objects.create(
            officer=officer,
            number=f"1408822019{n:05d}",
            issuer="山西省人民政府",
            fields="市场监管",
            valid_from=valid_from or today - datetime.timedelta(days=800),
            valid_until=valid_until or today + datetime.timedelta(days=800),
        )
    return officer


def natural_party(name: str = "王某某", n: int | None = None) -> dict:
    return {
        "kind": "natural",
        "name": name,
        "id_number": id_number(n),
        "address": "河津市城区街道龙门大道1号",
        "phone": "13812345678",
    }


def company_party(name: str = "河津市某某商贸有限公司") -> dict:
    return {
        "kind": "legal",
        "name": name,
        "credit_code": credit_code(),
        "legal_representative": "李某某",
        "address": "河津市清涧街道新耿大街8号",
    }


def case_data(body: EnforcementBody, officers: list[Officer], **extra) -> dict:
    today = timezone.localdate()
    data = {
        "department": handling_department(body).pk,
        "cause": "销售过期食品",
        "source": "inspection",
        "facts": "当事人在其经营场所销售超过保质期的食品。",
        "place": "河津市城区街道",
        "legal_provisions": "《中华人民共和国食品安全法》第三十四条第（十）项",
        "discovered_on": today - datetime.timedelta(days=40),
        "violation_ended_on": today - datetime.timedelta(days=45),
        "registered_on": today - datetime.timedelta(days=40),
        "officers": [o.pk for o in officers],
    }
    data.update(extra)
    return data
