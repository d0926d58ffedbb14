"""Memberships and invitations move from `accounts` to `directory` (DESIGN.md §1): the rows stay
in their tables (`accounts_membership`, `accounts_invitation`); only Django's state moves, with
the content types (so permissions and audit-log entries keep pointing at them)."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

import directory.models

MOVED = ["membership", "invitation"]


def move_content_types(apps, schema_editor, source="accounts", target="directory"):
    ContentType = apps.get_model("contenttypes", "ContentType")
    for model in MOVED:
        if ContentType.objects.filter(app_label=target, model=model).exists():
            continue
        ContentType.objects.filter(app_label=source, model=model).update(app_label=target)


def move_content_types_back(apps, schema_editor):
    move_content_types(apps, schema_editor, source="directory", target="accounts")


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_invitation_acceptance_and_revocation"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("directory", "0007_moderators_admin_access"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.CreateModel(
                    name="Membership",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("role", models.CharField(choices=[("admin", "Administrateur de l'organisation"), ("member", "Membre"), ("gardien", "Gardien / personnel de proximité")], default="member", max_length=10, verbose_name="rôle")),
                        ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="depuis le")),
                        ("organisation", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="memberships", to="directory.organisation", verbose_name="organisation")),
                        ("user", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="memberships", to=settings.AUTH_USER_MODEL, verbose_name="utilisateur")),
                    ],
                    options={
                        "verbose_name": "adhésion",
                        "verbose_name_plural": "adhésions",
                        "db_table": "accounts_membership",
                        "constraints": [models.UniqueConstraint(fields=("user", "organisation"), name="unique_membership")],
                    },
                ),
                migrations.CreateModel(
                    name="Invitation",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("email", models.EmailField(max_length=254, verbose_name="adresse e-mail")),
                        ("role", models.CharField(choices=[("admin", "Administrateur de l'organisation"), ("member", "Membre"), ("gardien", "Gardien / personnel de proximité")], default="member", max_length=10, verbose_name="rôle")),
                        ("token", models.CharField(default=directory.models.new_invitation_token, max_length=64, unique=True)),
                        ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="envoyée le")),
                        ("expires_at", models.DateTimeField(default=directory.models.invitation_expiry, verbose_name="expire le")),
                        ("accepted_at", models.DateTimeField(blank=True, null=True, verbose_name="acceptée le")),
                        ("revoked_at", models.DateTimeField(blank=True, null=True, verbose_name="révoquée le")),
                        ("accepted_by", models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name="+", to=settings.AUTH_USER_MODEL, verbose_name="acceptée par")),
                        ("invited_by", models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name="+", to=settings.AUTH_USER_MODEL, verbose_name="invité par")),
                        ("organisation", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="invitations", to="directory.organisation", verbose_name="organisation")),
                    ],
                    options={
                        "verbose_name": "invitation",
                        "verbose_name_plural": "invitations",
                        "db_table": "accounts_invitation",
                        "ordering": ["-created_at"],
                    },
                ),
            ],
        ),
        migrations.RunPython(move_content_types, move_content_types_back),
    ]
