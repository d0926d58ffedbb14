from django.db import migrations, models

import search.models

INDEXES = """
CREATE INDEX search_title_prefix ON search_searchtitle (title_folded text_pattern_ops);
CREATE INDEX search_title_trgm ON search_searchtitle USING gin (title_folded gin_trgm_ops);
INSERT INTO search_searchtitle (title)
    SELECT DISTINCT ON (title_folded) title FROM search_searchdocument
    ORDER BY title_folded, title
ON CONFLICT DO NOTHING;
"""
DROP_INDEXES = """
DROP INDEX IF EXISTS search_title_prefix;
DROP INDEX IF EXISTS search_title_trgm;
"""


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0001_initial"),
    ]

    operations = [
        migrations.CreateModel(
            name="SearchTitle",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("title", models.CharField(max_length=300, verbose_name="titre")),
                (
                    "title_folded",
                    models.GeneratedField(
                        db_persist=True,
                        expression=search.models.FoldedTitle("title"),
                        output_field=models.TextField(),
                    ),
                ),
            ],
            options={
                "verbose_name": "titre indexé",
                "verbose_name_plural": "titres indexés",
                "constraints": [
                    models.UniqueConstraint(fields=("title_folded",), name="search_title_unique")
                ],
            },
        ),
        migrations.RunSQL(INDEXES, DROP_INDEXES),
    ]
