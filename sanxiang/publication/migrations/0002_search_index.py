"""The full-text index of published decisions, per database (docs/publication.md, "Search").

PostgreSQL: a generated tsvector over the space-separated terms (array_to_tsvector takes each term
as a lexeme as-is, so no text-search parser or locale is involved) with a GIN index.
SQLite: an external-content FTS5 table (unicode61) kept in sync with the rows by triggers.
Other databases get no index; search then falls back to substring matching on `folded`.
"""

from django.db import migrations

PG_FORWARD = [
    "ALTER TABLE publication_searchentry ADD COLUMN tsv tsvector "
    "GENERATED ALWAYS AS (array_to_tsvector(string_to_array(terms, ' '))) STORED",
    "CREATE INDEX pubsearch_tsv_gin ON publication_searchentry USING GIN (tsv)",
]
PG_BACKWARD = [
    "DROP INDEX IF EXISTS pubsearch_tsv_gin",
    "ALTER TABLE publication_searchentry DROP COLUMN IF EXISTS tsv",
]
SQLITE_FORWARD = [
    "CREATE VIRTUAL TABLE publication_searchfts USING fts5("
    "terms, content='publication_searchentry', content_rowid='id', tokenize='unicode61 remove_diacritics 0')",
    "CREATE TRIGGER publication_searchfts_ai AFTER INSERT ON publication_searchentry BEGIN "
    "INSERT INTO publication_searchfts(rowid, terms) VALUES (new.id, new.terms); END",
    "CREATE TRIGGER publication_searchfts_ad AFTER DELETE ON publication_searchentry BEGIN "
    "INSERT INTO publication_searchfts(publication_searchfts, rowid, terms) VALUES ('delete', old.id, old.terms); END",
    "CREATE TRIGGER publication_searchfts_au AFTER UPDATE ON publication_searchentry BEGIN "
    "INSERT INTO publication_searchfts(publication_searchfts, rowid, terms) VALUES ('delete', old.id, old.terms); "
    "INSERT INTO publication_searchfts(rowid, terms) VALUES (new.id, new.terms); END",
]
SQLITE_BACKWARD = [
    "DROP TRIGGER IF EXISTS publication_searchfts_au",
    "DROP TRIGGER IF EXISTS publication_searchfts_ad",
    "DROP TRIGGER IF EXISTS publication_searchfts_ai",
    "DROP TABLE IF EXISTS publication_searchfts",
]


def _run(statements: dict):
    def run(apps, schema_editor):
        for sql in statements.get(schema_editor.connection.vendor, []):
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("publication", "0001_initial")]

    operations = [
        migrations.RunPython(
            _run({"postgresql": PG_FORWARD, "sqlite": SQLITE_FORWARD}),
            _run({"postgresql": PG_BACKWARD, "sqlite": SQLITE_BACKWARD}),
        )
    ]
