"""The "Workforce analyst" role, and the permission to manage workforce data for organisation admins."""

from django.db import migrations

from lodestar.orgs.permissions import DEFAULT_ROLES

PERMISSION = "manage_workforce_data"
ANALYST = "Can see the organisation's workforce figures, and upload, load and roll back its workforce data."


def seed(apps, schema_editor):
    Role = apps.get_model("orgs", "Role")
    name, permissions = DEFAULT_ROLES["analyst"]
    Role.objects.update_or_create(
        slug="analyst", defaults={"name": name, "permissions": [p.value for p in permissions], "description": ANALYST}
    )
    for role in Role.objects.filter(slug="org_admin"):
        if PERMISSION not in role.permissions:
            role.permissions = [*role.permissions, PERMISSION]
            role.save(update_fields=["permissions"])


def unseed(apps, schema_editor):
    Role = apps.get_model("orgs", "Role")
    Role.objects.filter(slug="analyst").delete()
    for role in Role.objects.filter(slug="org_admin"):
        role.permissions = [p for p in role.permissions if p != PERMISSION]
        role.save(update_fields=["permissions"])


class Migration(migrations.Migration):
    dependencies = [("workforce", "0001_figures_and_imports"), ("orgs", "0002_seed_roles")]
    operations = [migrations.RunPython(seed, unseed)]
