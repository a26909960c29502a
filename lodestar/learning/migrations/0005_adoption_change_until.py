"""Each adoption change keeps the day of its record's next change (``until``), filled in here for
the changes already recorded, and an index on (record, stage, day) for the spread dashboard."""

from django.db import migrations, models


def fill_until(apps, schema_editor):
    change_model = apps.get_model("learning", "AdoptionChange")
    previous, changed = None, []
    for change in change_model.objects.order_by("record_id", "on", "pk").only("record_id", "on", "until"):
        if previous is not None and previous.record_id == change.record_id:
            previous.until = change.on
            changed.append(previous)
        previous = change
    change_model.objects.bulk_update(changed, ["until"], batch_size=1000)


class Migration(migrations.Migration):
    dependencies = [
        ("learning", "0004_search_vector"),
    ]

    operations = [
        migrations.AddField(
            model_name="adoptionchange",
            name="until",
            field=models.DateField(blank=True, null=True),
        ),
        migrations.RunPython(fill_until, migrations.RunPython.noop),
        migrations.AddIndex(
            model_name="adoptionchange",
            index=models.Index(fields=["record", "stage", "on"], name="learning_ad_record__c1c54f_idx"),
        ),
    ]
