"""The "Talent lead" role (issue 13, item 5): reads and records the talent conversations and
succession plans of people at its organisation itself (ADR 0040). No other role is given the
permission: organisation admins manage access, not people's talent records."""

from django.db import migrations

from lodestar.orgs.permissions import DEFAULT_ROLES

DESCRIPTION = (
    "Can record and read the talent conversations and succession plans of people at the organisation itself "
    "(not at organisations beneath it), and see the leadership pipeline figures."
)


def seed(apps, schema_editor):
    Role = apps.get_model("orgs", "Role")
    name, permissions = DEFAULT_ROLES["talent_lead"]
    Role.objects.update_or_create(
        slug="talent_lead",
        defaults={"name": name, "permissions": [p.value for p in permissions], "description": DESCRIPTION},
    )


def unseed(apps, schema_editor):
    apps.get_model("orgs", "Role").objects.filter(slug="talent_lead").delete()


class Migration(migrations.Migration):
    dependencies = [("orgs", "0002_seed_roles")]
    operations = [migrations.RunPython(seed, unseed)]
