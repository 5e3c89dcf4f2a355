"""The organisations of the demo city: bodies, departments, officers, credentials, users and roles."""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass, field

from django.contrib.auth.hashers import make_password
from django.contrib.auth.password_validation import validate_password
from django.utils import timezone

from sanxiang.cases.models import ProcedureRules
from sanxiang.orgs.choices import BodyKind, CredentialStatus, Role
from sanxiang.orgs.models import Credential, Department, EnforcementBody, Officer, User
from sanxiang.orgs.services import grant_role

from . import data
from .identity import Identities, credit_code

# Credentials must cover every business date of the demo cases (at most CASE_WINDOW_DAYS back).
CASE_WINDOW_DAYS = 460
SEAT_ROLES = {
    "officer": Role.OFFICER,
    "head": Role.DEPARTMENT_HEAD,
    "chief": Role.AGENCY_HEAD,
    "review": Role.LEGAL_REVIEWER,
    "disclose": Role.DISCLOSURE_STAFF,
}
# City-wide accounts. The first two belong to officers (seats "supervisor" and "msa"); the three
# administrators are bare accounts that hold nothing else (AUTHZ-01).
CITY_ACCOUNTS = (
    ("sfj.supervisor", Role.SUPERVISOR),
    ("scj.msa", Role.MSA_REVIEWER),
    ("sys.admin", Role.SYSTEM_ADMIN),
    ("sec.admin", Role.SECURITY_ADMIN),
    ("audit.admin", Role.AUDIT_ADMIN),
)
CITY_SEATS = ("supervisor", "msa")
AUX = {
    "scj": data.WORKER_SEAT,
    "hbj": data.AUX_SEAT,
    "jtj": data.AUX_SEAT,
    "zhzf": data.AUX_SEAT,
    "wjw": data.WORKER_SEAT,
}
SUSPENDED_IN = {"hbj", "yjj", "nyj"}  # one officer's credential is suspended
EXPIRED_IN = {"jtj", "zrj"}  # one officer's credential expired and is awaiting renewal
RENEWED_SEATS = {"chief"}  # chiefs hold a renewed credential plus their expired previous one


@dataclass
class BodyCast:
    """Who plays which part in one enforcement body's demo cases."""

    spec: data.BodySpec
    body: EnforcementBody
    handling: Department
    officer: Officer  # the lead officer of every case, with a login
    assistants: list[Officer]
    host: Officer  # hearing host: the legal reviewer, never an investigator
    users: dict[str, User] = field(default_factory=dict)


def _seats(spec: data.BodySpec):
    if spec.is_justice_bureau:
        return list(data.JUSTICE_SEATS)
    seats = list(data.SEATS)
    if spec.key in AUX:
        seats.append(AUX[spec.key])
    if spec.is_market_supervision:
        seats.append(data.MSA_SEAT)
    return seats


def _post(post: str, department: Department) -> str:
    """Titles follow the unit: a 队 has a 队长, the legal unit's head is named after it."""
    if post == "科长" and department.name.endswith("队"):
        return "队长"
    if post == "法规科科长":
        return f"{department.name}科长" if department.name.endswith("科") else f"{department.name}负责人"
    return post


class CityBuilder:
    """Creates the organisation data in the caller's transaction."""

    def __init__(self, ids: Identities, rng: random.Random, today: datetime.date):
        self.ids, self.rng, self.today = ids, rng, today
        self.password_hash = make_password(data.DEMO_PASSWORD)  # hashed once: hashing is slow on purpose
        self.serial = 0
        self.users: list[User] = []

    def build(self) -> None:
        for spec in data.BODIES:
            self._body(spec)
        for username, role in CITY_ACCOUNTS:
            user = User.objects.filter(username=username).first() or self._user(
                username, self.ids.name(unique=True)
            )
            grant_role(user, role, None)
        for user in self.users:
            validate_password(data.DEMO_PASSWORD, user)

    def _body(self, spec: data.BodySpec) -> None:
        body = EnforcementBody(
            name=spec.name,
            short_name=spec.short_name,
            kind=BodyKind.ADMINISTRATIVE_ORGAN,
            credit_code=credit_code("11", spec.org_code),
            region_code=data.REGION_CODE,
            region_name=data.REGION_NAME,
            legal_basis=spec.legal_basis,
            duties=spec.duties,
            address=spec.address,
            phone=spec.phone,
            remedies=data.REMEDIES.format(organ=spec.reconsideration_organ, court=data.COURT),
            is_justice_bureau=spec.is_justice_bureau,
            is_market_supervision=spec.is_market_supervision,
        )
        body.full_clean()
        body.save()
        ProcedureRules.objects.create(body=body)
        first_of_kind: dict[str, Department] = {}
        for name, kind in spec.departments:
            department = Department.objects.create(body=body, name=name, kind=kind)
            first_of_kind.setdefault(kind, department)
        for number, (seat, post, kind, staff_type, credentialed, legal) in enumerate(_seats(spec)):
            department = first_of_kind[kind]
            officer = self._officer(body, department, _post(post, department), staff_type, legal)
            if credentialed:
                self._credentials(officer, spec, seat, number)
            if (seat in SEAT_ROLES and not spec.is_justice_bureau) or seat in CITY_SEATS:
                officer.user = self._user(f"{spec.key}.{seat}", officer.name)
                officer.save(update_fields=["user"])
                if seat in SEAT_ROLES:
                    grant_role(officer.user, SEAT_ROLES[seat], body)

    def _officer(self, body, department, post, staff_type, legal) -> Officer:
        name = self.ids.name(unique=True)
        officer = Officer(
            body=body,
            department=department,
            name=name,
            id_number=self.ids.id_number(name),
            post=post,
            staff_type=staff_type,
            phone=self.ids.mobile(),
            has_legal_qualification=legal,
            legal_qualification_number=f"A{self.rng.randint(2008, 2020)}1408{self.rng.randint(1, 999999):06d}"
            if legal
            else "",
        )
        officer.full_clean()
        officer.save()
        return officer

    def _credential(self, officer, fields, valid_from, status=CredentialStatus.VALID, reason="") -> None:
        self.serial += 1
        valid_until = valid_from.replace(year=valid_from.year + 5) - datetime.timedelta(days=1)
        credential = Credential(
            officer=officer,
            number=f"{data.REGION_CODE}{valid_from.year}{self.serial:04d}",
            issuer=data.CREDENTIAL_ISSUER,
            fields=fields,
            valid_from=valid_from,
            valid_until=valid_until,
            status=status,
            status_reason=reason,
        )
        credential.full_clean()
        credential.save()

    def _credentials(self, officer: Officer, spec: data.BodySpec, seat: str, number: int) -> None:
        """A five-year credential covering every demo case date, or a suspended/expired/renewed one."""
        earliest = self.today - datetime.timedelta(days=5 * 365 - 20)
        latest = self.today - datetime.timedelta(days=CASE_WINDOW_DAYS + 10)
        valid_from = earliest + datetime.timedelta(days=self.rng.randint(0, (latest - earliest).days))
        if number == data.SUSPENDED_SEAT and spec.key in SUSPENDED_IN:
            self._credential(
                officer, spec.fields, valid_from, CredentialStatus.SUSPENDED, "涉嫌违反执法纪律，暂扣执法证件"
            )
        elif number == data.EXPIRED_SEAT and spec.key in EXPIRED_IN:
            old = self.today - datetime.timedelta(days=5 * 365 + self.rng.randint(20, 200))
            self._credential(officer, spec.fields, old)  # expired, renewal pending
        else:
            if seat in RENEWED_SEATS:
                self._credential(officer, spec.fields, valid_from.replace(year=valid_from.year - 5))
            self._credential(officer, spec.fields, valid_from)

    def _user(self, username: str, display_name: str) -> User:
        user = User.objects.create(
            username=username,
            password=self.password_hash,
            display_name=display_name,
            must_change_password=False,
            password_changed_at=timezone.now(),
        )
        self.users.append(user)
        return user


def load_casts() -> list[BodyCast]:
    """The cast of every enforcement body that handles demo cases, read back from the database."""
    casts = []
    window_start = timezone.localdate() - datetime.timedelta(days=CASE_WINDOW_DAYS)
    today = timezone.localdate()
    for spec in data.BODIES:
        if spec.is_justice_bureau:
            continue
        body = EnforcementBody.objects.get(name=spec.name)
        users = {
            seat: User.objects.select_related("officer").get(username=f"{spec.key}.{seat}")
            for seat in SEAT_ROLES
        }
        lead = users["officer"].officer
        busy = {u.officer.pk for u in users.values()}
        assistants = [
            o
            for o in Officer.objects.filter(department=lead.department).prefetch_related("credentials")
            if o.pk not in busy and o.valid_credential_on(window_start) and o.valid_credential_on(today)
        ]
        casts.append(BodyCast(spec, body, lead.department, lead, assistants, users["review"].officer, users))
    return casts
