"""Filter facets inside the full-text index (agency, kind, Art. 20 item, year, validity as tokens), so
that a filtered search is one index intersection on both databases. Rebuilds the FTS5 table (SQLite)
and the tsvectors (PostgreSQL) from the stored tokens."""

from django.db import migrations, models

FACETS_SQL = (
    "UPDATE catalogue_searchentry SET facets = ("
    "SELECT 'xa' || i.agency_id || ' xk' || replace(i.kind, '_', '') || ' xi' || replace(i.proactive_item, '_', 'x')"
    " || ' xy' || {year} || ' xv' || i.validity FROM catalogue_catalogueitem i WHERE i.id = catalogue_searchentry.item_id)"
)
SQLITE = [
    "DROP TRIGGER IF EXISTS catalogue_fts_au", "DROP TRIGGER IF EXISTS catalogue_fts_ad",
    "DROP TRIGGER IF EXISTS catalogue_fts_ai", "DROP TABLE IF EXISTS catalogue_fts",
    FACETS_SQL.format(year="strftime('%Y', i.published_on)"),
    "CREATE VIRTUAL TABLE catalogue_fts USING fts5(title, number, summary, body, facets, "
    "content='catalogue_searchentry', content_rowid='item_id', tokenize='unicode61 remove_diacritics 0')",
    "CREATE TRIGGER catalogue_fts_ai AFTER INSERT ON catalogue_searchentry BEGIN "
    "INSERT INTO catalogue_fts(rowid, title, number, summary, body, facets) "
    "VALUES (new.item_id, new.title, new.number, new.summary, new.body, new.facets); END",
    "CREATE TRIGGER catalogue_fts_ad AFTER DELETE ON catalogue_searchentry BEGIN "
    "INSERT INTO catalogue_fts(catalogue_fts, rowid, title, number, summary, body, facets) "
    "VALUES ('delete', old.item_id, old.title, old.number, old.summary, old.body, old.facets); END",
    "CREATE TRIGGER catalogue_fts_au AFTER UPDATE ON catalogue_searchentry BEGIN "
    "INSERT INTO catalogue_fts(catalogue_fts, rowid, title, number, summary, body, facets) "
    "VALUES ('delete', old.item_id, old.title, old.number, old.summary, old.body, old.facets); "
    "INSERT INTO catalogue_fts(rowid, title, number, summary, body, facets) "
    "VALUES (new.item_id, new.title, new.number, new.summary, new.body, new.facets); END",
    "INSERT INTO catalogue_fts(catalogue_fts) VALUES ('rebuild')",
]
POSTGRES = [
    FACETS_SQL.format(year="extract(year from i.published_on)::int"),
    "UPDATE catalogue_searchentry SET vector = "
    "setweight(to_tsvector('simple', title), 'A') || setweight(to_tsvector('simple', number), 'B') || "
    "setweight(to_tsvector('simple', summary || ' ' || body), 'C') || setweight(to_tsvector('simple', facets), 'D')",
]


def forwards(apps, schema_editor):
    for sql in {"sqlite": SQLITE, "postgresql": POSTGRES}.get(schema_editor.connection.vendor, []):
        schema_editor.execute(sql, params=None)


class Migration(migrations.Migration):
    dependencies = [("catalogue", "0002_search_index")]

    operations = [
        migrations.AddField(
            model_name="searchentry", name="facets",
            field=models.TextField(blank=True, default="", help_text="filter tokens (agency, kind, item, year, validity)"),
            preserve_default=False,
        ),
        migrations.RunPython(forwards, migrations.RunPython.noop),
    ]
