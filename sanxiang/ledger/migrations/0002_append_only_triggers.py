"""On PostgreSQL, make the ledger tables refuse UPDATE, DELETE and TRUNCATE (AUD-05, defence in depth).

The real barrier is the database role: the application role should hold only SELECT and INSERT on
these tables (docs/ledger.md). The triggers also stop the table owner's accidental or scripted
edits; an owner can still drop them, which is why verification against signed tree heads exists.

TRUNCATE of an empty table destroys nothing and is allowed; the session setting
`sanxiang.ledger_allow_truncate = on` allows TRUNCATE (never UPDATE or DELETE) so that test
databases can be flushed (sanxiang/ledger/testing.py).
"""

from django.db import migrations

TABLES = ["ledger_entry", "ledger_treenode", "ledger_treehead"]

CREATE_FUNCTION = r"""
CREATE OR REPLACE FUNCTION ledger_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    has_rows boolean;
BEGIN
    IF TG_OP = 'TRUNCATE' THEN
        IF current_setting('sanxiang.ledger_allow_truncate', true) = 'on' THEN
            RETURN NULL;
        END IF;
        EXECUTE format('SELECT EXISTS (SELECT 1 FROM %I.%I)', TG_TABLE_SCHEMA, TG_TABLE_NAME) INTO has_rows;
        IF NOT has_rows THEN
            RETURN NULL;
        END IF;
    END IF;
    RAISE EXCEPTION '防篡改日志表 % 只允许追加，拒绝 % (ledger table % is append-only: % refused)',
        TG_TABLE_NAME, TG_OP, TG_TABLE_NAME, TG_OP
        USING ERRCODE = 'insufficient_privilege';
END
$$;
"""


def create_triggers(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(CREATE_FUNCTION, params=None)  # None: the SQL's % signs are not placeholders
    for table in TABLES:
        schema_editor.execute(
            f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
            f"FOR EACH STATEMENT EXECUTE FUNCTION ledger_refuse_change()"
        )
        schema_editor.execute(
            f"CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table} "
            f"FOR EACH STATEMENT EXECUTE FUNCTION ledger_refuse_change()"
        )


def drop_triggers(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table in TABLES:
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_append_only ON {table}")
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_no_truncate ON {table}")
    schema_editor.execute("DROP FUNCTION IF EXISTS ledger_refuse_change()")


class Migration(migrations.Migration):
    dependencies = [("ledger", "0001_initial")]

    operations = [migrations.RunPython(create_triggers, drop_triggers, elidable=False)]
