"""Memberships and invitations moved from `accounts` to `directory` without moving a row:
a database migrated from the previous layout keeps them, and the migration goes back too."""

import pytest

BEFORE = [
    ("accounts", "0002_invitation_acceptance_and_revocation"),
    ("directory", "0007_moderators_admin_access"),
]
AFTER = [
    ("accounts", "0003_membership_moved_to_directory"),
    ("directory", "0008_membership_from_accounts"),
]


@pytest.mark.django_db(transaction=True)
def test_memberships_made_before_the_move_are_still_there_after_it(migrator):
    old = migrator(BEFORE)
    User = old.get_model("accounts", "User")
    Organisation = old.get_model("directory", "Organisation")
    ContentType = old.get_model("contenttypes", "ContentType")
    ContentType.objects.get_or_create(app_label="accounts", model="membership")
    ContentType.objects.filter(app_label="directory", model="membership").delete()
    user = User.objects.create(email="ancienne@exemple.fr")
    organisation = Organisation.objects.create(name="Association d'avant", slug="avant")
    old.get_model("accounts", "Membership").objects.create(
        user=user, organisation=organisation, role="admin"
    )
    old.get_model("accounts", "Invitation").objects.create(
        organisation=organisation, email="invitee@exemple.fr", token="t-avant", invited_by=user
    )

    new = migrator(AFTER)
    membership = new.get_model("directory", "Membership").objects.get(user_id=user.pk)
    assert (membership.organisation_id, membership.role) == (organisation.pk, "admin")
    invitation = new.get_model("directory", "Invitation").objects.get(token="t-avant")
    assert invitation.email == "invitee@exemple.fr"
    ContentType = new.get_model("contenttypes", "ContentType")
    assert ContentType.objects.filter(app_label="directory", model="membership").exists()
    assert not ContentType.objects.filter(app_label="accounts", model="membership").exists()

    back = migrator(BEFORE)
    assert back.get_model("accounts", "Membership").objects.filter(user_id=user.pk).exists()
    migrator(AFTER)
