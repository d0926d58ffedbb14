"""Keep the "Partenaires" group (Wagtail admin access) in step with memberships: members and
admins of an organisation are in it, gardiens and former members are not.

Also the directory's signals for the apps above it (the directory imports none of them):
`invitation_created(sender=Invitation, invitation=…)` is sent inside the transaction that
creates the invitation; the notifications app writes the invitation email to its outbox there
(notifications.invitations), so the email exists exactly when the invitation does.
`update_reminder_due(sender=Organisation, log_entry=…, users=[…])`, likewise for the monthly
reminder of the entries to review (notifications.reminders), and
`freshness_stage_reached(sender=Organisation, log_entry=…, users=[…])` for each step of the
freshness ladder (`directory.freshness`).
`entries_created(sender=Organisation|Service, instances=[…])` is sent when an import inserts
new entries together (bulk, no post_save): the receivers of their post_save that live above
the directory (orientation's candidates cache) connect to it too."""

from django.contrib.auth.models import Group
from django.dispatch import Signal

from .models import Membership, MembershipRole
from .permissions import PARTNERS_GROUP

invitation_created = Signal()
update_reminder_due = Signal()
freshness_stage_reached = Signal()
entries_created = Signal()


def sync_partner_group(user) -> None:
    group, _ = Group.objects.get_or_create(name=PARTNERS_GROUP)
    manages = Membership.objects.filter(user=user).exclude(role=MembershipRole.GARDIEN).exists()
    if manages:
        user.groups.add(group)
    else:
        user.groups.remove(group)


def membership_changed(sender, instance, **kwargs):
    sync_partner_group(instance.user)
