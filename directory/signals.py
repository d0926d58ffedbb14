"""Keep the "Partenaires" group (Wagtail admin access) in step with memberships: members and
admins of an organisation are in it, gardiens and former members are not."""

from django.contrib.auth.models import Group

from .models import Membership, MembershipRole
from .permissions import PARTNERS_GROUP


def sync_partner_group(user) -> None:
    group, _ = Group.objects.get_or_create(name=PARTNERS_GROUP)
    manages = Membership.objects.filter(user=user).exclude(role=MembershipRole.GARDIEN).exists()
    if manages:
        user.groups.add(group)
    else:
        user.groups.remove(group)


def membership_changed(sender, instance, **kwargs):
    sync_partner_group(instance.user)
