"""The stored search vector of a case study (ADR 0034): a column on both databases (SQLite takes
any column type and leaves it empty), and on PostgreSQL only a GIN index and the vectors of the
case studies that already exist."""

import django.contrib.postgres.search
from django.db import migrations

INDEX = "learning_casestudy_search_gin"


def _vector():
    from django.contrib.postgres.search import SearchVector

    return (
        SearchVector("title", weight="A", config="english")
        + SearchVector("summary", "challenge", "what_changed", weight="B", config="english")
        + SearchVector("who_led", "costs", "lessons", weight="C", config="english")
    )


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {INDEX} ON learning_casestudy USING gin (search_vector)")
    CaseStudy = apps.get_model("learning", "CaseStudy")
    CaseStudy.objects.using(schema_editor.connection.alias).update(search_vector=_vector())


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [
        ("learning", "0003_questions_follows_images"),
    ]

    operations = [
        migrations.AddField(
            model_name="casestudy",
            name="search_vector",
            field=django.contrib.postgres.search.SearchVectorField(blank=True, editable=False, null=True),
        ),
        migrations.RunPython(forwards, backwards),
    ]
