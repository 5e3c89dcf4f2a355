"""PUB-04: which requests read through the portal alias, the read-only SQLite mirror, the command."""

from __future__ import annotations

import sqlite3

import pytest
from django.core.management import CommandError, call_command
from django.db import DEFAULT_DB_ALIAS, OperationalError, connections
from django.db.backends.sqlite3.base import DatabaseWrapper as SQLiteWrapper
from django.http import HttpResponse, StreamingHttpResponse

from sanxiang.orgs.models import EnforcementBody
from sanxiang.portal import dbrole, routers
from sanxiang.settings import _database


@pytest.fixture
def separate_portal_alias():
    """The portal alias as a different user, as with SANXIANG_PORTAL_DATABASE_URL (never connected)."""
    portal = connections[routers.PORTAL_ALIAS].settings_dict
    saved = portal["USER"]
    portal["USER"] = "sanxiang_portal"
    yield
    portal["USER"] = saved


def test_public_reads_go_to_the_portal_alias_and_every_write_to_default(separate_portal_alias):
    router = routers.PortalRouter()
    assert router.db_for_read(EnforcementBody) is None  # staff side: Django's default
    with routers.public_reads():
        assert router.db_for_read(EnforcementBody) == routers.PORTAL_ALIAS
        assert router.db_for_write(EnforcementBody) == DEFAULT_DB_ALIAS
        with routers.public_reads(False):  # an explicit exception inside a public request
            assert router.db_for_read(EnforcementBody) is None
    assert router.allow_migrate(routers.PORTAL_ALIAS, "orgs") is False


def test_a_mirror_with_the_same_database_and_user_reads_on_default():
    # Tests and PostgreSQL without SANXIANG_PORTAL_DATABASE_URL: a second connection as the same user
    # protects nothing, and would not see a test's open transaction.
    assert not routers.portal_alias_is_separate()
    with routers.public_reads():
        assert routers.PortalRouter().db_for_read(EnforcementBody) == DEFAULT_DB_ALIAS


@pytest.mark.parametrize(
    ("path", "marked"),
    [
        ("/portal/", True),
        ("/portal/decisions/", True),
        ("/api/v1/public/bodies", True),
        ("/portal/complaints/new/", False),  # a public write (docs/portal.md, PUB-04 exceptions)
        ("/portal/complaints/track/", False),  # the complainant's own record, not published data
        ("/api/v1/public/complaints/progress", False),
        ("/cases/", False),
        ("/api/v1/cases", False),
        ("/portalx/", False),
    ],
)
def test_the_middleware_marks_public_requests_only(rf, path, marked):
    seen = []
    middleware = routers.PortalReadMiddleware(
        lambda request: seen.append(routers.serving_public()) or HttpResponse()
    )
    middleware(rf.get(path))
    assert seen == [marked] and not routers.serving_public()


def test_a_logged_in_member_of_staff_is_not_marked(rf, admin_user):
    seen = []
    request = rf.get("/portal/")
    request.user = admin_user
    routers.PortalReadMiddleware(lambda r: seen.append(routers.serving_public()) or HttpResponse())(request)
    assert seen == [False]


def test_a_streamed_body_is_generated_as_the_portal_too(rf):
    def chunks():
        yield str(routers.serving_public()).encode()

    middleware = routers.PortalReadMiddleware(lambda request: StreamingHttpResponse(chunks()))
    response = middleware(rf.get("/portal/data/x.csv"))
    assert not routers.serving_public()
    assert b"".join(response.streaming_content) == b"True"


def test_unset_the_sqlite_alias_opens_the_same_file_read_only(tmp_path, django_db_blocker):
    path = tmp_path / "db.sqlite3"
    with sqlite3.connect(path) as writer:
        writer.execute("PRAGMA journal_mode=WAL")
        writer.execute("CREATE TABLE t (x)")
        writer.execute("INSERT INTO t VALUES (1)")
    config = dbrole.portal_database(_database(f"sqlite:///{path}"), None)
    assert config["NAME"].endswith("?mode=ro") and config["TEST"] == {"MIRROR": "default"}
    settings_dict = connections.configure_settings({"default": config})["default"]
    wrapper = SQLiteWrapper(settings_dict, alias="ro")
    try:
        with django_db_blocker.unblock(), wrapper.cursor() as cursor:
            cursor.execute("SELECT x FROM t")
            assert cursor.fetchall() == [(1,)]
            with pytest.raises(OperationalError, match="readonly|read-only"):
                cursor.execute("INSERT INTO t VALUES (2)")
    finally:
        wrapper.close()


def test_a_configured_url_is_used_as_given_and_mirrors_default_in_tests():
    default = _database("postgres://sanxiang@db.example:5432/sanxiang")
    given = _database("postgres://sanxiang_portal@db.example:5432/sanxiang")
    assert dbrole.portal_database(default, given)["USER"] == "sanxiang_portal"
    mirror = dbrole.portal_database(default, None)
    assert mirror["USER"] == "sanxiang" and mirror["TEST"] == {"MIRROR": "default"}


def test_every_declared_table_exists_and_hidden_columns_are_real():
    tables = dbrole.published_tables()
    assert len(tables) == len(dbrole.PUBLISHED)
    for item in dbrole.PUBLISHED:
        dbrole._columns(item.model, item.hidden)  # raises on a column that does not exist
    assert "cases_case" not in tables and "orgs_user" not in tables


def test_the_command_lists_the_tables_and_refuses_sqlite(capsys):
    call_command("portal", "tables")
    out = capsys.readouterr().out
    assert "publication_publicationversion\t隐藏列：source_text" in out and "cases_case" not in out
    if connections["default"].vendor == "sqlite":
        with pytest.raises(CommandError, match="PostgreSQL"):
            call_command("portal", "role")


@pytest.mark.postgres_only
@pytest.mark.django_db
def test_the_command_prints_the_grants_and_revokes(capsys):
    if connections["default"].vendor != "postgresql":
        pytest.skip("PostgreSQL only")
    call_command("portal", "role", "--dry-run", "--name", "sanxiang_portal_dry")
    out = capsys.readouterr().out
    assert 'REVOKE ALL ON ALL TABLES IN SCHEMA "public" FROM "sanxiang_portal_dry"' in out
    assert 'GRANT SELECT ON "publication_searchentry" TO "sanxiang_portal_dry"' in out
    assert '"source_text"' not in out and "cases_case" not in out
    assert "AS RESTRICTIVE FOR SELECT" in out
