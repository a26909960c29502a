"""Success measures keep a dated series of values (ADR 0019).

Each measure's ``latest_value`` becomes the first value of its series, dated ``latest_on``
(or the day the measure was made when no date was given); the two fields then go. A measure
gets a ``direction`` (higher or lower is better): inferred from its target and baseline where
they differ, otherwise left unsaid until someone edits the measure.
"""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


def values_into_series(apps, schema_editor):
    SuccessMeasure = apps.get_model("plans", "SuccessMeasure")
    MeasureValue = apps.get_model("plans", "MeasureValue")
    for measure in SuccessMeasure.objects.all().iterator():
        if measure.baseline is not None and measure.target is not None and measure.baseline != measure.target:
            measure.direction = "higher" if measure.target > measure.baseline else "lower"
            measure.save(update_fields=["direction"])
        if measure.latest_value is not None:
            MeasureValue.objects.create(
                measure=measure,
                date=measure.latest_on or measure.created_at.date(),
                value=measure.latest_value,
                recorded_by_label="Moved from the measure's latest value",
            )


def series_into_values(apps, schema_editor):
    SuccessMeasure = apps.get_model("plans", "SuccessMeasure")
    MeasureValue = apps.get_model("plans", "MeasureValue")
    for measure in SuccessMeasure.objects.all().iterator():
        last = MeasureValue.objects.filter(measure=measure).order_by("-date", "-id").first()
        if last is not None:
            measure.latest_value, measure.latest_on = last.value, last.date
            measure.save(update_fields=["latest_value", "latest_on"])


class Migration(migrations.Migration):
    dependencies = [
        ("plans", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="successmeasure",
            name="direction",
            field=models.CharField(
                blank=True,
                choices=[("higher", "Higher is better"), ("lower", "Lower is better")],
                max_length=10,
            ),
        ),
        migrations.CreateModel(
            name="MeasureValue",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("date", models.DateField()),
                ("value", models.DecimalField(decimal_places=2, max_digits=14)),
                ("recorded_by_label", models.CharField(blank=True, max_length=255)),
                ("recorded_at", models.DateTimeField(default=django.utils.timezone.now)),
                (
                    "measure",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="values",
                        to="plans.successmeasure",
                    ),
                ),
                (
                    "recorded_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "ordering": ["date", "id"],
                "constraints": [models.UniqueConstraint(fields=("measure", "date"), name="one_measure_value_a_day")],
            },
        ),
        migrations.RunPython(values_into_series, series_into_values),
        migrations.RemoveField(model_name="successmeasure", name="latest_on"),
        migrations.RemoveField(model_name="successmeasure", name="latest_value"),
    ]
