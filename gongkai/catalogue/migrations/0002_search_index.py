"""The full-text index over ``catalogue_searchentry``: an FTS5 table kept in sync by triggers on SQLite,
a tsvector column with a GIN index on PostgreSQL. Both hold the same bigram tokens."""

from django.db import migrations

SQLITE = [
    "CREATE VIRTUAL TABLE catalogue_fts USING fts5(title, number, summary, body, "
    "content='catalogue_searchentry', content_rowid='item_id', tokenize='unicode61 remove_diacritics 0')",
    "CREATE TRIGGER catalogue_fts_ai AFTER INSERT ON catalogue_searchentry BEGIN "
    "INSERT INTO catalogue_fts(rowid, title, number, summary, body) "
    "VALUES (new.item_id, new.title, new.number, new.summary, new.body); END",
    "CREATE TRIGGER catalogue_fts_ad AFTER DELETE ON catalogue_searchentry BEGIN "
    "INSERT INTO catalogue_fts(catalogue_fts, rowid, title, number, summary, body) "
    "VALUES ('delete', old.item_id, old.title, old.number, old.summary, old.body); END",
    "CREATE TRIGGER catalogue_fts_au AFTER UPDATE ON catalogue_searchentry BEGIN "
    "INSERT INTO catalogue_fts(catalogue_fts, rowid, title, number, summary, body) "
    "VALUES ('delete', old.item_id, old.title, old.number, old.summary, old.body); "
    "INSERT INTO catalogue_fts(rowid, title, number, summary, body) "
    "VALUES (new.item_id, new.title, new.number, new.summary, new.body); END",
]
SQLITE_REVERSE = [
    "DROP TRIGGER IF EXISTS catalogue_fts_au", "DROP TRIGGER IF EXISTS catalogue_fts_ad",
    "DROP TRIGGER IF EXISTS catalogue_fts_ai", "DROP TABLE IF EXISTS catalogue_fts",
]
POSTGRES = [
    "ALTER TABLE catalogue_searchentry ALTER COLUMN vector TYPE tsvector USING NULL",
    "CREATE INDEX catalogue_searchentry_vector_gin ON catalogue_searchentry USING GIN (vector)",
]
POSTGRES_REVERSE = [
    "DROP INDEX IF EXISTS catalogue_searchentry_vector_gin",
    "ALTER TABLE catalogue_searchentry ALTER COLUMN vector TYPE text USING NULL",
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for sql in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("catalogue", "0001_catalogue_items")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE, "postgresql": POSTGRES}),
            _run({"sqlite": SQLITE_REVERSE, "postgresql": POSTGRES_REVERSE}),
        ),
    ]
