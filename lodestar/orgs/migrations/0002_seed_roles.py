from django.db import migrations

from lodestar.orgs.permissions import DEFAULT_ROLES

DESCRIPTIONS = {
    "viewer": "Can see the organisation's workshops, plans and local interventions, and those of organisations beneath it.",
    "contributor": "Can also add contributions and ratings to workshops they take part in, and update actions.",
    "facilitator": "Can also set up and run Star workshops, generate action plans and add local interventions.",
    "org_admin": "Can also invite people, manage memberships, edit the organisation and browse its audit log.",
}


def seed(apps, schema_editor):
    Role = apps.get_model("orgs", "Role")
    for slug in DESCRIPTIONS:  # the roles of this migration; later ones seed their own
        name, permissions = DEFAULT_ROLES[slug]
        Role.objects.update_or_create(
            slug=slug,
            defaults={"name": name, "permissions": [p.value for p in permissions], "description": DESCRIPTIONS[slug]},
        )


class Migration(migrations.Migration):
    dependencies = [("orgs", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
