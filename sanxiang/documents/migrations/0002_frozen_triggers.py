"""Frozen documents in the database: on PostgreSQL, issued content, signatures and template versions
cannot be updated or deleted, whatever the client (defence in depth behind the model layer).

A document's status and superseded time stay updatable (a correction supersedes it). SQLite relies
on the model layer (FrozenModel.save/delete and FrozenQuerySet).
"""

from django.db import migrations

CONTENT = [
    "id", "public_id", "created_at", "case_id", "kind", "number", "issued_on", "issued_at", "issued_by_id",
    "event_id", "corrects_id", "correction_reason", "context", "template_id", "template_version",
    "template_sha256", "docx_name", "docx_sha256", "docx_sm3", "docx_size", "pdf_name", "pdf_sha256",
    "pdf_sm3", "pdf_size", "ledger_index",
]

FUNCTIONS = f"""
CREATE OR REPLACE FUNCTION documents_document_frozen() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    RAISE EXCEPTION 'issued documents cannot be deleted';
  END IF;
  IF ({", ".join("NEW." + c for c in CONTENT)}) IS DISTINCT FROM ({", ".join("OLD." + c for c in CONTENT)}) THEN
    RAISE EXCEPTION 'issued documents are frozen: make a correction instead';
  END IF;
  RETURN NEW;
END $$;
CREATE OR REPLACE FUNCTION documents_write_once() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% rows are write-once', TG_TABLE_NAME;
END $$;
"""

TRIGGERS = """
CREATE TRIGGER documents_document_frozen BEFORE UPDATE OR DELETE ON documents_document
  FOR EACH ROW EXECUTE FUNCTION documents_document_frozen();
CREATE TRIGGER documents_signature_write_once BEFORE UPDATE OR DELETE ON documents_signature
  FOR EACH ROW EXECUTE FUNCTION documents_write_once();
CREATE TRIGGER documents_documenttemplate_write_once BEFORE UPDATE OR DELETE ON documents_documenttemplate
  FOR EACH ROW EXECUTE FUNCTION documents_write_once();
"""

DROP = """
DROP TRIGGER IF EXISTS documents_document_frozen ON documents_document;
DROP TRIGGER IF EXISTS documents_signature_write_once ON documents_signature;
DROP TRIGGER IF EXISTS documents_documenttemplate_write_once ON documents_documenttemplate;
DROP FUNCTION IF EXISTS documents_document_frozen();
DROP FUNCTION IF EXISTS documents_write_once();
"""


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FUNCTIONS, params=None)
        schema_editor.execute(TRIGGERS, params=None)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP, params=None)


class Migration(migrations.Migration):
    dependencies = [("documents", "0001_initial")]
    operations = [migrations.RunPython(create, drop)]
