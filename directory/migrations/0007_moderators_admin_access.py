"""Moderators validate entries in the Wagtail admin: their group needs admin access."""

from django.db import migrations

MODERATORS_GROUP = "Modérateurs"  # accounts.roles.MODERATORS_GROUP


def grant(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=MODERATORS_GROUP)
    group.permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    )


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group = Group.objects.filter(name=MODERATORS_GROUP).first()
    if group:
        group.permissions.remove(
            Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
        )


class Migration(migrations.Migration):
    dependencies = [("directory", "0006_siret_input_length")]

    operations = [migrations.RunPython(grant, revoke)]
