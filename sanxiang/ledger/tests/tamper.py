"""An attacker with SQL access to the database: raw statements, behind the ORM's back.

On PostgreSQL the append-only triggers are switched off first (SET LOCAL session_replication_role,
as the table owner or a superuser could); the change rolls back with the test.
"""

# ruff: noqa: S608 - the statements are built from identifiers the tests choose
from __future__ import annotations

import json

from django.db import connection

from sanxiang.ledger import merkle
from sanxiang.ledger.encoding import actor_string, iso_utc, leaf_data
from sanxiang.ledger.models import Entry

ENTRY = "ledger_entry"


def sql(statement: str, params=()) -> None:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL session_replication_role = replica")
        cursor.execute(statement, params)


def edit_payload(index: int, payload: str = '{"forged":true}') -> None:
    sql(f'UPDATE {ENTRY} SET payload = %s WHERE "index" = %s', [payload, index])


def edit_field(index: int, field: str, value) -> None:
    sql(f'UPDATE {ENTRY} SET "{field}" = %s WHERE "index" = %s', [value, index])


def delete(index: int) -> None:
    sql(f'DELETE FROM {ENTRY} WHERE "index" = %s', [index])


def swap(i: int, j: int) -> None:
    sql(f'UPDATE {ENTRY} SET "index" = -1 WHERE "index" = %s', [i])
    sql(f'UPDATE {ENTRY} SET "index" = %s WHERE "index" = %s', [i, j])
    sql(f'UPDATE {ENTRY} SET "index" = %s WHERE "index" = -1', [j])


def truncate_from(index: int) -> None:
    sql(f'DELETE FROM {ENTRY} WHERE "index" >= %s', [index])


def renumber_after(index: int) -> None:
    """Close the gap left by a deletion, as a careful attacker would."""
    sql(f'UPDATE {ENTRY} SET "index" = -"index" - 10 WHERE "index" > %s', [index])
    sql(f'UPDATE {ENTRY} SET "index" = -"index" - 11 WHERE "index" < -1')


def rewrite_hashes() -> None:
    """Recompute every leaf hash from the (tampered) fields and the head row from those leaves."""
    leaves = []
    for e in Entry.objects.order_by("index"):
        data = leaf_data(
            index=e.index,
            kind=e.kind,
            subject_type=e.subject_type,
            subject_id=e.subject_id,
            actor=actor_string(e.actor_id, e.actor_label),
            created_at=iso_utc(e.created_at),
            payload=e.payload,
        )
        leaf = merkle.hash_leaf(data)
        leaves.append(leaf)
        sql(f'UPDATE {ENTRY} SET leaf_hash = %s WHERE "index" = %s', [leaf.hex(), e.index])
    tree = merkle.TreeBuilder()
    tree.extend(leaves)
    sql(
        "UPDATE ledger_ledgerhead SET size = %s, root_hash = %s, frontier = %s WHERE id = 1",
        [tree.size, tree.root().hex(), json.dumps([h.hex() for h in tree.frontier])],
    )
