"""Deterministic generators of plausible names and valid identifiers for the demo city.

Every generator draws from the `random.Random` it is given, so a fixed seed gives the same city.
"""

from __future__ import annotations

import datetime
import random

from sanxiang.orgs.validators import CREDIT_CODE_CHARSET, credit_code_check_char, id_number_check_char

from . import data

_ORG_CODE_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)
_LETTERS = [c for c in CREDIT_CODE_CHARSET if c.isalpha()]


def org_code(first8: str) -> str:
    """An organisation code (GB 11714): eight characters and their check character."""
    total = sum(
        (int(c) if c.isdigit() else ord(c) - 55) * w for c, w in zip(first8, _ORG_CODE_WEIGHTS, strict=True)
    )
    check = 11 - total % 11
    return first8 + {10: "X", 11: "0"}.get(check, str(check))


def credit_code(prefix: str, first8: str) -> str:
    """A unified social credit code (GB 32100): 2-character kind, region, organisation code, check."""
    first17 = prefix + data.REGION_CODE + org_code(first8)
    return first17 + credit_code_check_char(first17)


class Identities:
    """Draws unique people, phones and organisation codes from one seeded generator."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        self._ids: set[str] = set()
        self._names: set[str] = set()
        self._codes: set[str] = set()
        self._companies: dict[str, dict] = {}

    def name(self, unique: bool = False) -> str:
        for _attempt in range(50):
            value = self.rng.choice(data.SURNAMES) + self.rng.choice(data.GIVEN)
            if not unique or value not in self._names:
                self._names.add(value)
                return value
        raise RuntimeError("name pool exhausted")

    def id_number(self, name: str, born_from: int = 1968, born_to: int = 1998) -> str:
        """An 18-digit resident ID of 河津市: real birth date, sex digit matching the name, check character."""
        female = name[1:] in data.FEMALE_GIVEN
        while True:
            birth = datetime.date(self.rng.randint(born_from, born_to), 1, 1) + datetime.timedelta(
                days=self.rng.randint(0, 364)
            )
            sequence = self.rng.randint(0, 498) * 2 + (0 if female else 1)  # odd for men, even for women
            first17 = f"{data.REGION_CODE}{birth:%Y%m%d}{sequence:03d}"
            value = first17 + id_number_check_char(first17)
            if value not in self._ids:
                self._ids.add(value)
                return value

    def mobile(self) -> str:
        return self.rng.choice(data.PHONE_PREFIXES) + f"{self.rng.randint(0, 999999):06d}"

    def office_phone(self) -> str:
        return f"0359-50{self.rng.randint(10000, 59999)}"

    def org_credit_code(self, prefix: str) -> str:
        """A company (91) or individual business (92) code; newer codes start with "MA"."""
        while True:
            tail = "".join(self.rng.choice(CREDIT_CODE_CHARSET[:10] + "".join(_LETTERS)) for _ in range(6))
            value = credit_code(prefix, "MA" + tail)
            if value not in self._codes:
                self._codes.add(value)
                return value

    def address(self, place: str) -> str:
        """A street address in a town, e.g. 河津市清涧街道龙门大道118号 or 河津市樊村镇干涧村."""
        if place.endswith("街道") and self.rng.random() < 0.7:
            return f"{data.CITY}{place}{self.rng.choice(data.STREETS)}{self.rng.randint(1, 360)}号"
        return f"{data.CITY}{place}{self.rng.choice(data.VILLAGES[place])}"

    def party(self, kind: str, business: str, place: str) -> dict:
        """Input for cases.forms.PartyForm: a person, an individual business or a company."""
        address = self.address(place)
        if kind == "person":
            name = self.name()
            return {
                "kind": "natural",
                "name": name,
                "id_number": self.id_number(name, 1958, 2004),
                "address": address,
                "phone": self.mobile(),
            }
        owner = self.name()
        if kind == "shop":
            name = f"{data.CITY}{place.removesuffix('街道').removesuffix('镇').removesuffix('乡')}{owner[0]}记{business}"
            return {
                "kind": "other_org",
                "name": name,
                "credit_code": self.org_credit_code("92"),
                "legal_representative": owner,
                "address": address,
                "phone": self.mobile(),
            }
        name = f"{self.rng.choice(('河津市', '山西'))}{self.rng.choice(data.BRANDS)}{business}"
        if name not in self._companies:  # the same company keeps its code when it offends again
            self._companies[name] = {
                "kind": "legal",
                "name": name,
                "credit_code": self.org_credit_code("91"),
                "legal_representative": owner,
                "address": address,
                "phone": self.office_phone(),
            }
        return dict(self._companies[name])
