"""PUB-04: the portal's database alias and the PostgreSQL role behind it.

`PUBLISHED` is the one declared list of what the public side may read: the reviewed, desensitized
publication store and the registers published as such, derived from what the public pages and the
public API actually read (`tests/test_pub04_tables.py` fails when a public request reads a table that
is not declared here). `sanxiang portal role` grants the portal role SELECT on exactly these tables,
minus the hidden columns and, through row-level security, limited to the declared rows; it revokes
everything else. `tests/test_pub04_role.py` serves every public output as that role.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from urllib.parse import quote

# Imported by settings: nothing here may touch the app registry at import time.


@dataclass(frozen=True)
class Published:
    """One table the portal role may read."""

    model: str  # app_label.ModelName
    hidden: tuple[str, ...] = ()  # columns the role may not read (the view must defer them)
    rows: str = ""  # SQL predicate: the only rows the role sees (row-level security); "" = all


# Officer columns no public page shows (denied to the role; the disclosure selectors defer them).
OFFICER_PRIVATE_COLUMNS = ("id_number", "phone", "legal_qualification_number")

PUBLISHED: tuple[Published, ...] = (
    # Decisions: the publication store. The version keeps the served (undesensitized) text and what
    # was removed from it next to the public copy: those columns stay hidden, and only approved
    # versions (current or superseded) are visible, never a draft or a rejected one.
    Published("publication.Publication"),
    Published(
        "publication.PublicationVersion",
        hidden=("source_text", "redactions", "kept", "sections"),
        rows="state IN ('published', 'superseded')",
    ),
    Published("publication.SearchEntry"),
    # The publishing receipt on a decision page: the ledger entries of publication steps only (ids and
    # hashes), not the audit trail of cases, evidence and logins kept in the same table.
    Published("ledger.Entry", rows="subject_type = 'publication'"),
    # Disclosure before enforcement (DISC-*), the officer registry and credential check (CRED-02).
    Published("disclosure.Item"),
    # Versions once approved and put on the portal; drafts and versions under review are staff work.
    Published("disclosure.ItemVersion", rows="status IN ('published', 'superseded')"),
    Published("disclosure.BasisChange"),
    Published("disclosure.Window"),
    Published("disclosure.WindowStaff"),
    Published("orgs.EnforcementBody"),
    # The officer's ID number, phone and legal qualification number are never shown; the disclosure
    # selectors defer them (test_pub04_role.py::test_officer_columns_are_hidden_from_the_role).
    Published("orgs.Officer", hidden=OFFICER_PRIVATE_COLUMNS),
    Published("orgs.Credential"),
    # Review catalogue and discretion benchmarks shown on body pages.
    Published("review.Catalogue"),
    Published("review.CatalogueItem"),
    Published("review.ViolationType"),
    # Supervision indicators (public snapshot), annual reports, good-practice articles.
    Published("supervision.SnapshotRun"),
    Published("supervision.IndicatorSnapshot"),
    Published("supervision.ScoreSnapshot"),
    Published("annualreport.AnnualReport", rows="status = 'published'"),  # not drafts (STAT-03)
    Published("evaluation.PracticeArticle", rows="status <> 'draft'"),  # a withdrawn one answers 410
)

# Search indexes that are not models: SQLite's FTS5 index of publication_searchentry (on SQLite there is
# no role; listed so that the table check of the public crawl knows it).
PUBLISHED_INDEXES: tuple[str, ...] = ("publication_searchfts",)

EVERYONE_POLICY = "sanxiang_everyone"


def portal_database(default: dict, given: dict | None) -> dict:
    """The `portal` alias: `given` (SANXIANG_PORTAL_DATABASE_URL) or a read-only mirror of default.

    SQLite is opened with `mode=ro` and `query_only`, so even a mistaken write through the alias fails;
    on other engines the mirror has default's credentials (no protection until a role is configured).
    Either way it is a TEST MIRROR of default, so tests create no second database.
    """
    config = copy.deepcopy(given if given is not None else default)
    if config["ENGINE"] == "django.db.backends.sqlite3" and "mode=ro" not in str(config["NAME"]):
        config["NAME"] = f"file:{quote(str(config['NAME']))}?mode=ro"
        # No journal_mode change and no BEGIN IMMEDIATE: both need write access.
        config["OPTIONS"] = {"init_command": "PRAGMA query_only=ON;", "timeout": 30}
    config["TEST"] = {"MIRROR": "default"}
    return config


def published_tables(published: tuple[Published, ...] = PUBLISHED) -> dict[str, Published]:
    from django.apps import apps

    return {apps.get_model(p.model)._meta.db_table: p for p in published}


def _columns(table_model: str, hidden: tuple[str, ...]) -> list[str]:
    from django.apps import apps

    model = apps.get_model(table_model)
    names = [f.column for f in model._meta.concrete_fields]
    unknown = set(hidden) - set(names)
    if unknown:
        raise ValueError(f"{table_model}: no such columns {sorted(unknown)}")
    return [n for n in names if n not in hidden]


def role_statements(
    connection, role: str, password: str | None = None, published: tuple[Published, ...] = PUBLISHED
) -> list[tuple[str, list]]:
    """The SQL that makes `role` exactly the portal role, as (statement, params); safe to rerun."""
    qn = connection.ops.quote_name
    r = qn(role)
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_schema(), EXISTS (SELECT 1 FROM pg_roles WHERE rolname = %s)", [role])
        schema, exists = cursor.fetchone()
        existing = set(connection.introspection.table_names(cursor))
    s = qn(schema)
    flags = "LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOINHERIT NOREPLICATION NOBYPASSRLS"
    sql: list[tuple[str, list]] = [(f"{'ALTER' if exists else 'CREATE'} ROLE {r} {flags}", [])]
    if password:
        sql.append((f"ALTER ROLE {r} PASSWORD %s", [password]))
    sql += [
        # Deny by default: whatever was granted before, on every table, sequence and function.
        (f"REVOKE ALL ON ALL TABLES IN SCHEMA {s} FROM {r}", []),
        (f"REVOKE ALL ON ALL SEQUENCES IN SCHEMA {s} FROM {r}", []),
        (f"REVOKE ALL ON ALL FUNCTIONS IN SCHEMA {s} FROM {r}", []),
        (f"REVOKE CREATE ON SCHEMA {s} FROM {r}", []),
        (f"GRANT USAGE ON SCHEMA {s} TO {r}", []),
    ]
    for table, item in published_tables(published).items():
        if table not in existing:
            raise ValueError(f"表 {table} 不存在：先运行 migrate")
        t = qn(table)
        if item.hidden:
            columns = ", ".join(qn(c) for c in _columns(item.model, item.hidden))
            sql.append((f"GRANT SELECT ({columns}) ON {t} TO {r}", []))
        else:
            sql.append((f"GRANT SELECT ON {t} TO {r}", []))
        policy = qn(f"{role}_published")
        sql.append((f"DROP POLICY IF EXISTS {policy} ON {t}", []))
        if item.rows:
            # Permissive for everybody else (an application user that does not own the table keeps
            # seeing every row), restrictive for the portal role: it sees only the declared rows.
            everyone = qn(EVERYONE_POLICY)
            sql += [
                (f"ALTER TABLE {t} ENABLE ROW LEVEL SECURITY", []),
                (f"DROP POLICY IF EXISTS {everyone} ON {t}", []),
                (f"CREATE POLICY {everyone} ON {t} USING (true) WITH CHECK (true)", []),
                (f"CREATE POLICY {policy} ON {t} AS RESTRICTIVE FOR SELECT TO {r} USING ({item.rows})", []),
            ]
    return sql


def apply_role(connection, role: str, password: str | None = None, **kwargs) -> list[str]:
    """Create or update the portal role in one transaction; returns the statements run."""
    from django.db import transaction

    if connection.vendor != "postgresql":
        raise ValueError("门户只读角色仅支持 PostgreSQL（SQLite 下门户连接以只读方式打开）")
    statements = role_statements(connection, role, password, **kwargs)
    with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
        for statement, params in statements:
            cursor.execute(statement, params or None)
    return [statement for statement, _ in statements]
