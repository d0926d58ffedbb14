"""Default situations and glossary (orientation/defaults.py), and the moderators' right to
edit them in the Wagtail admin. Reversible: going back removes only the default rows."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

from orientation import defaults

MODERATORS_GROUP = "Modérateurs"
MODELS = ("situation", "glossaryterm")


def load(apps, schema_editor):
    Situation = apps.get_model("orientation", "Situation")
    GlossaryTerm = apps.get_model("orientation", "GlossaryTerm")
    defaults.load_situations(Situation)
    defaults.load_glossary(GlossaryTerm, Situation)


def unload(apps, schema_editor):
    Situation = apps.get_model("orientation", "Situation")
    GlossaryTerm = apps.get_model("orientation", "GlossaryTerm")
    GlossaryTerm.objects.filter(term__in=[term for _, term, _, _ in defaults.GLOSSARY]).delete()
    Situation.objects.filter(slug__in=[s["slug"] for s in defaults.SITUATIONS]).delete()


def grant_moderators(apps, schema_editor):
    # Permissions are normally created after all migrations (post_migrate): create ours now.
    app_config = apps.get_app_config("orientation")
    # The migration state's app config has no models module; create_permissions needs one.
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=MODERATORS_GROUP)
    group.permissions.add(
        *Permission.objects.filter(
            content_type__app_label="orientation", content_type__model__in=MODELS
        )
    )


def revoke_moderators(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group = Group.objects.filter(name=MODERATORS_GROUP).first()
    if group is not None:
        group.permissions.remove(
            *Permission.objects.filter(
                content_type__app_label="orientation", content_type__model__in=MODELS
            )
        )


class Migration(migrations.Migration):
    dependencies = [
        ("orientation", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.RunPython(load, unload),
        migrations.RunPython(grant_moderators, revoke_moderators),
    ]
