"""The tsvector column stays in the database (PostgreSQL) but leaves the model: it is written by raw
SQL only, and Django's bulk insert must not send it as text."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("catalogue", "0003_search_facets")]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.RemoveField(model_name="searchentry", name="vector")],
            database_operations=[],
        ),
    ]
