"""Memberships and invitations now belong to `directory` (its migration 0008 takes them over):
their tables stay as they are, only Django's state forgets them here."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_invitation_acceptance_and_revocation"),
        ("directory", "0008_membership_from_accounts"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.DeleteModel(name="Invitation"),
                migrations.DeleteModel(name="Membership"),
            ],
        ),
    ]
