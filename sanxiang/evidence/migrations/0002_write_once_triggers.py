"""EVD-02 in the database: on PostgreSQL, evidence content and custody rows cannot be updated or deleted.

Status, verification time, the history-row link and the ledger index stay updatable. SQLite relies
on the model layer (Evidence.save/delete and its queryset).
"""

from django.db import migrations

CONTENT = [
    "public_id", "created_at", "case_id", "step", "kind", "name", "extension", "content_type", "size",
    "sha256", "sm3", "device_id", "recorded_by_id", "recorded_start", "recorded_end", "place",
    "description", "uploaded_by_id", "derived_from_id", "derivation",
]

FUNCTIONS = f"""
CREATE OR REPLACE FUNCTION evidence_write_once() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    RAISE EXCEPTION 'evidence rows cannot be deleted (EVD-02)';
  END IF;
  IF ({", ".join("NEW." + c for c in CONTENT)}) IS DISTINCT FROM ({", ".join("OLD." + c for c in CONTENT)}) THEN
    RAISE EXCEPTION 'evidence content is write-once (EVD-02)';
  END IF;
  RETURN NEW;
END $$;
CREATE OR REPLACE FUNCTION evidence_custody_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'custody events are append-only (EVD-02)';
END $$;
"""

TRIGGERS = """
CREATE TRIGGER evidence_evidence_write_once BEFORE UPDATE OR DELETE ON evidence_evidence
  FOR EACH ROW EXECUTE FUNCTION evidence_write_once();
CREATE TRIGGER evidence_custodyevent_append_only BEFORE UPDATE OR DELETE ON evidence_custodyevent
  FOR EACH ROW EXECUTE FUNCTION evidence_custody_append_only();
"""

DROP = """
DROP TRIGGER IF EXISTS evidence_evidence_write_once ON evidence_evidence;
DROP TRIGGER IF EXISTS evidence_custodyevent_append_only ON evidence_custodyevent;
DROP FUNCTION IF EXISTS evidence_write_once();
DROP FUNCTION IF EXISTS evidence_custody_append_only();
"""


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FUNCTIONS, params=None)
        schema_editor.execute(TRIGGERS, params=None)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP, params=None)


class Migration(migrations.Migration):
    dependencies = [("evidence", "0001_initial")]
    operations = [migrations.RunPython(create, drop)]
