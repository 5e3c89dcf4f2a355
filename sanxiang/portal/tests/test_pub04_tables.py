"""PUB-04 on any database: public requests read through the portal alias, and only declared tables.

The crawl of the PUB-01 scan (every sitemap address, every page reachable from the home and body
pages, every public API endpoint, searches and exports) runs while each SQL statement made for a
public request is recorded: every table it reads must be in `dbrole.PUBLISHED`, and no column that
the declared list hides may be read. test_pub04_role.py proves the same on PostgreSQL as the role.
"""

from __future__ import annotations

import re

import pytest
from django.db import connection

from sanxiang.portal import dbrole, routers
from sanxiang.portal.tests.test_pub01_all import city, crawl_every_public_output  # noqa: F401

pytestmark = [pytest.mark.django_db, pytest.mark.real_rendering]

TABLE = re.compile(r'(?:FROM|JOIN)\s+"?(\w+)"?', re.IGNORECASE)  # the ORM quotes names, raw SQL may not
COLUMN = re.compile(r'"(\w+)"\."(\w+)"')
WRITE = re.compile(r"\s*(INSERT|UPDATE|DELETE|REPLACE|CREATE|ALTER|DROP|TRUNCATE)\b", re.IGNORECASE)


def test_every_table_a_public_request_reads_is_declared_published(client, cast, city, settings):  # noqa: F811
    settings.SANXIANG_PORTAL_RATE_LIMIT = False
    read: dict[str, set[str]] = {}

    def record(execute, sql, params, many, context):
        if routers.serving_public():
            assert not WRITE.match(sql), sql  # a public request writes nothing
            for table in TABLE.findall(sql):
                read.setdefault(table, set())
            for table, column in COLUMN.findall(sql):
                read.setdefault(table, set()).add(column)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(record):
        crawl = crawl_every_public_output(client, cast, city)
    assert len(crawl.outputs) > 60 and all(status < 500 for status in crawl.statuses.values())
    declared = dbrole.published_tables()
    with connection.cursor() as cursor:
        tables = set(connection.introspection.table_names(cursor))
    read = {t: columns for t, columns in read.items() if t in tables}  # not a function or a column name
    assert set(read) - set(declared) - set(dbrole.PUBLISHED_INDEXES) == set()
    assert {"publication_publicationversion", "publication_searchentry", "orgs_credential"} <= set(read)
    assert "cases_case" not in read
    hidden_but_read = {
        (t, c) for t in declared.keys() & read.keys() for c in read[t] if c in declared[t].hidden
    }
    assert hidden_but_read == set()


def test_the_complaint_pages_and_staff_pages_are_not_served_through_the_portal_alias(client, cast):
    seen = []

    def record(execute, sql, params, many, context):
        seen.append((routers.serving_public(), sql))
        return execute(sql, params, many, context)

    with connection.execute_wrapper(record):
        assert client.get("/portal/complaints/new/").status_code == 200
        assert client.post("/portal/complaints/track/", {"code": "NOSUCHCODE00"}).status_code in (400, 404)
    assert seen and not any(public for public, _ in seen)
    seen.clear()
    client.force_login(cast.officer_a)
    with connection.execute_wrapper(record):
        client.get("/portal/")  # a logged-in member of staff: their session and inbox are staff data
        client.get("/cases/")
    assert seen and not any(public for public, _ in seen)
