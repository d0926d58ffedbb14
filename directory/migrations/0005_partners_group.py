"""The "Partenaires" group: organisation members get Wagtail admin access through it; what
they see there is scoped by directory.permissions (their own organisation only)."""

from django.db import migrations

PARTNERS_GROUP = "Partenaires"


def create_group(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=PARTNERS_GROUP)
    access_admin = Permission.objects.get(
        content_type__app_label="wagtailadmin", codename="access_admin"
    )
    group.permissions.add(access_admin)


def delete_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=PARTNERS_GROUP).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("directory", "0004_update_reminders"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(create_group, delete_group)]
