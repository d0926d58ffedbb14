from django.contrib.auth.models import Group, Permission

from accounts.models import User
from accounts.roles import MODERATORS_GROUP
from directory.models import Membership, MembershipRole
from feedback import reports
from feedback.models import ReportSubject
from tests.accounts.factories import UserFactory


def moderator_of(*departements: str, email: str = "") -> User:
    """A moderator of these départements, with access to the Wagtail admin."""
    group, _created = Group.objects.get_or_create(name=MODERATORS_GROUP)
    group.permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    )
    user = UserFactory(
        email=email or f"moderation-{'-'.join(departements)}@exemple.fr",
        moderated_departements=list(departements),
    )
    user.groups.add(group)
    return user


def admin_of(organisation, email: str = "") -> User:
    user = UserFactory(**({"email": email} if email else {}))
    Membership.objects.create(user=user, organisation=organisation, role=MembershipRole.ADMIN)
    return user


def report_on(organisation, service=None, **kwargs):
    defaults = {
        "subject": ReportSubject.CONTACT,
        "message": "Le numéro ne répond plus, le nouveau est le 01 48 00 00 00.",
        "reporter_email": "",
    }
    return reports.report_error(
        organisation=organisation, service=service, **{**defaults, **kwargs}
    )
