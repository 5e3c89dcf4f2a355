"""PUB-04 on PostgreSQL: the portal role cannot read case data, and every public output is served as it.

The role is made by the real `sanxiang portal role` code in the test database; the `portal` alias is
then pointed at it (trust authentication on the test server). The city of the PUB-01 scan is built and
committed (a second connection cannot see a test's open transaction), and the whole public crawl runs
twice: on the default alias, then as the portal role. Same answers, no permission error: the portal
reads only what the declared list grants.
"""

from __future__ import annotations

import os
import re

import pytest
from django.core.cache import cache
from django.db import DatabaseError, connection, connections, transaction

from sanxiang.portal import dbrole, routers
from sanxiang.portal.tests.test_pub01_all import (
    city,  # noqa: F401
    crawl_every_public_output,
)

pytestmark = [
    pytest.mark.postgres_only,
    pytest.mark.real_rendering,
    pytest.mark.django_db(transaction=True, databases=["default", "portal"]),
]

ROLE = f"sanxiang_portal_test_{os.getpid()}"
# Case files, evidence, documents, people, complaints, sessions: none is published data.
PRIVATE_TABLES = (
    "cases_case",
    "cases_party",
    "cases_caseevent",
    "documents_document",
    "evidence_evidence",
    "evidence_custodyevent",
    "ledger_treenode",
    "orgs_user",
    "evaluation_complaint",
    "publication_earlyremoval",
    "django_session",
)


@pytest.fixture
def portal_role():
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only")
    dbrole.apply_role(connection, ROLE)
    portal = connections[routers.PORTAL_ALIAS]
    saved = dict(portal.settings_dict)
    portal.close()
    portal.settings_dict.update(NAME=connection.settings_dict["NAME"], USER=ROLE, PASSWORD="")
    yield portal
    portal.close()
    portal.settings_dict.clear()
    portal.settings_dict.update(saved)
    with connection.cursor() as cursor:
        cursor.execute(f"DROP OWNED BY {ROLE}")
        cursor.execute(f"DROP ROLE {ROLE}")


# What legitimately changes from one request to the next: CSRF tokens and the time of generation.
VOLATILE = re.compile(r'(name="csrfmiddlewaretoken" value=|"generated_at": )"[^"]+"')


def volatile(text: str) -> str:
    return VOLATILE.sub(r"\1", text)


def refused(portal, sql: str) -> bool:
    try:
        with transaction.atomic(using=portal.alias), portal.cursor() as cursor:
            cursor.execute(sql)
    except DatabaseError as exc:
        assert "permission denied" in str(exc), exc
        return True
    return False


def rows(alias, sql: str) -> int:
    with connections[alias].cursor() as cursor:
        cursor.execute(sql)
        return cursor.fetchone()[0]


def test_the_portal_role_reads_no_case_table_and_only_published_rows(cast, city, portal_role):  # noqa: F811
    assert routers.portal_alias_is_separate()
    dbrole.apply_role(connection, ROLE)  # run again after a migrate: idempotent
    for table in PRIVATE_TABLES:
        assert refused(portal_role, f"SELECT 1 FROM {table} LIMIT 1"), table  # noqa: S608 (constants)
    # The served (undesensitized) text of a decision and what was redacted from it stay hidden.
    for column in ("source_text", "redactions", "kept"):
        assert refused(portal_role, f"SELECT {column} FROM publication_publicationversion"), column  # noqa: S608
    assert not refused(portal_role, "SELECT text, party_label FROM publication_publicationversion")
    # No writes, not even to published tables.
    assert refused(portal_role, "UPDATE publication_publication SET withdrawal_reason = 'x'")
    assert refused(portal_role, "DELETE FROM orgs_enforcementbody")
    # Row-level security: the ledger's case trail and unapproved versions are invisible to the role.
    case_trail = "SELECT count(*) FROM ledger_entry WHERE subject_type <> 'publication'"
    assert rows("default", case_trail) > 0 and rows(routers.PORTAL_ALIAS, case_trail) == 0
    assert rows(routers.PORTAL_ALIAS, "SELECT count(*) FROM ledger_entry") > 0
    unapproved = (
        "SELECT count(*) FROM publication_publicationversion WHERE state NOT IN ('published', 'superseded')"
    )
    with connection.cursor() as cursor:  # a draft next to the published versions
        cursor.execute(
            "UPDATE publication_publicationversion SET state = 'draft' WHERE id = (SELECT min(id) FROM publication_publicationversion)"
        )
    assert rows("default", unapproved) == 1 and rows(routers.PORTAL_ALIAS, unapproved) == 0


def test_every_public_output_is_served_as_the_portal_role(client, cast, city, portal_role, settings):  # noqa: F811
    settings.SANXIANG_PORTAL_RATE_LIMIT = False
    settings.SANXIANG_PORTAL_CACHE = False
    saved = dict(portal_role.settings_dict)
    portal_role.settings_dict.update(USER=connection.settings_dict["USER"])  # first as the default user
    assert not routers.portal_alias_is_separate()
    reference = crawl_every_public_output(client, cast, city)
    portal_role.close()
    portal_role.settings_dict.update(saved)
    cache.clear()

    public_reads_on_default = []

    def on_default(execute, sql, params, many, context):
        if routers.serving_public():
            public_reads_on_default.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(on_default):
        as_role = crawl_every_public_output(client, cast, city)
    assert len(as_role.outputs) == len(reference.outputs) > 60
    assert as_role.statuses == reference.statuses
    differing = [
        u for u in reference.outputs if volatile(as_role.outputs[u]) != volatile(reference.outputs[u])
    ]
    assert differing == []
    assert public_reads_on_default == []  # every public read went through the portal alias


def test_officer_columns_are_hidden_from_the_role(client, cast, city, portal_role):  # noqa: F811
    """PUB-04: the role reads officers without their ID number, phone and qualification number, and
    every public reader of officers (credential check, officer list, position boards) still works."""
    from sanxiang.disclosure import selectors
    from sanxiang.disclosure.models import Window
    from sanxiang.orgs.models import Credential

    for column in dbrole.OFFICER_PRIVATE_COLUMNS:
        assert refused(portal_role, f"SELECT {column} FROM orgs_officer")  # noqa: S608 - a constant
    number = Credential.objects.values_list("number", flat=True).first()
    with routers.public_reads():
        assert selectors.credential_check(number).number == number
        assert selectors.public_officers()
        windows = list(Window.objects.filter(is_active=True))
        assert windows, "the city has a position board"
        for window in windows:
            selectors.public_windows(window.body)
            selectors.board_people(window)


@pytest.mark.parametrize(
    ("table", "draft", "hidden"),
    [
        ("disclosure_itemversion", "status = 'draft'", "status NOT IN ('published', 'superseded')"),
        ("annualreport_annualreport", "status = 'draft'", "status <> 'published'"),
        ("evaluation_practicearticle", "status = 'draft'", "status = 'draft'"),
    ],
)
def test_staff_drafts_of_public_texts_are_invisible_to_the_role(
    cast,
    city,  # noqa: F811
    portal_role,
    table,
    draft,
    hidden,
):
    """PUB-04 row limits: what staff have not published yet (an item version, an annual report, a
    good-practice article) stays out of the portal role's reach, next to the published rows."""
    with connection.cursor() as cursor:  # turn one published row into a draft
        cursor.execute(f"UPDATE {table} SET {draft} WHERE id = (SELECT min(id) FROM {table})")  # noqa: S608
    unpublished = f"SELECT count(*) FROM {table} WHERE {hidden}"  # noqa: S608 - constants
    assert rows("default", unpublished) >= 1
    assert rows(routers.PORTAL_ALIAS, unpublished) == 0
    everything = f"SELECT count(*) FROM {table}"  # noqa: S608 - constants
    published = f"SELECT count(*) FROM {table} WHERE NOT ({hidden})"  # noqa: S608 - constants
    assert rows(routers.PORTAL_ALIAS, everything) == rows("default", published)
