"""Archive test fixtures: a case driven through the real services, and its exported ZIP."""

from __future__ import annotations

import pytest
from django.db import transaction

from sanxiang.cases.tests.conftest import new_case, today  # noqa: F401
from sanxiang.evidence.testing import evidence_storage  # noqa: F401
from sanxiang.ledger.testing import django_db_setup  # noqa: F401 - flushable test DB on PostgreSQL

from . import support


@pytest.fixture
def driven_case(cast, new_case, evidence_storage):  # noqa: F811
    return support.drive_case(cast, new_case)


@pytest.fixture(scope="module")
def exported(django_db_setup, django_db_blocker):  # noqa: F811
    """One real export (real PDFs and .docx, real evidence files) shared by a module's pure tests.

    Built in a transaction that is rolled back afterwards; the tests only read the bytes.
    """
    from sanxiang.archive import services
    from sanxiang.cases import services as case_services
    from sanxiang.testing import factories as f

    with django_db_blocker.unblock(), transaction.atomic():
        cast = support.minimal_cast()

        def make_case(**extra):
            import datetime

            from django.utils import timezone

            today = timezone.localdate()
            data = f.case_data(
                cast.body_a,
                cast.officers_a,
                registered_on=today - datetime.timedelta(days=40),
                discovered_on=today - datetime.timedelta(days=40),
                violation_ended_on=today - datetime.timedelta(days=45),
            )
            return case_services.register_case(cast.officer_a, cast.body_a, data, [f.natural_party()])

        case = support.drive_case(cast, make_case)
        prepared = services.export_case(cast.chief_a, case, reason="测试")
        data = support.export_bytes(prepared)
        from sanxiang.ledger import signing

        pem = signing.public_key_pem(signing.public_key())
        yield {"zip": data, "pem": pem, "case_id": str(case.public_id), "export": prepared.export}
        transaction.set_rollback(True)
