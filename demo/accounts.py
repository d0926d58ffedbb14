"""Demo accounts, one per role of DESIGN.md §4. Passwords are public: dev only."""

from django.contrib.auth.models import Group

from accounts.models import User
from accounts.roles import MODERATORS_GROUP
from core.places import served_departements
from directory.models import Membership, MembershipRole, Organisation

DEMO_PASSWORD = "maillage-demo-2026"  # noqa: S105 - documented in README, refused outside DEBUG

# email, first name, last name, organisation slug, membership role, extra flags
DEMO_USERS = [
    ("admin@maillage.example", "Alice", "Admin", None, None, {"is_superuser": True}),
    ("moderateur@maillage.example", "Mehdi", "Modérateur", None, None, {"moderator": True}),
    (
        "gardien@maillage.example",
        "Gérard",
        "Gardien",
        "seine-saint-denis-habitat",
        MembershipRole.GARDIEN,
        {},
    ),
    (
        "bailleur@maillage.example",
        "Béatrice",
        "Bailleur",
        "seine-saint-denis-habitat",
        MembershipRole.ADMIN,
        {},
    ),
    (
        "association@maillage.example",
        "Awa",
        "Association",
        "association-voisins-solidaires-93",
        MembershipRole.ADMIN,
        {},
    ),
    (
        "porteur@maillage.example",
        "Paul",
        "Porteur",
        "collectif-habitat-inclusif-de-lest",
        MembershipRole.ADMIN,
        {},
    ),
]


def load() -> str:
    from allauth.account.models import EmailAddress

    moderators, _ = Group.objects.get_or_create(name=MODERATORS_GROUP)
    for email, first, last, org_slug, role, flags in DEMO_USERS:
        user = User.objects.filter(email=email).first()
        if user is None:
            user = User.objects.create_user(email, DEMO_PASSWORD, first_name=first, last_name=last)
        if flags.get("is_superuser"):
            user.is_superuser = user.is_staff = True
            user.save(update_fields=["is_superuser", "is_staff"])
        if flags.get("moderator"):
            user.is_staff = True
            user.moderated_departements = served_departements()
            user.save(update_fields=["is_staff", "moderated_departements"])
            user.groups.add(moderators)
        if org_slug:
            organisation = Organisation.objects.get(slug=org_slug)
            Membership.objects.update_or_create(
                user=user, organisation=organisation, defaults={"role": role}
            )
        EmailAddress.objects.update_or_create(
            user=user, email=email, defaults={"verified": True, "primary": True}
        )
    return f"{len(DEMO_USERS)} comptes (mot de passe : {DEMO_PASSWORD})"
