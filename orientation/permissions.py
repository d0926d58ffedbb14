"""Who sees a residence sheet (and its hall poster).

A residence sheet is the landlord's internal tool: its gardiens, the landlord's staff, the
moderators of the residence's département and site admins see it. Other professionals
(associations, other landlords, gardiens of other landlords, moderators of another
département) get a 403: they orient from a commune instead. The hall poster is the
landlord's own (`directory.roles.is_landlord_staff`, in `guides`), and so are the landlord's
contacts shown first on the sheet."""

from accounts.roles import moderates


def can_view_residence(user, residence) -> bool:
    if not user.is_authenticated:
        return False
    if moderates(user, residence.commune.departement_code if residence.commune_id else None):
        return True  # site admins, and the moderators of the residence's département
    if residence.gardiens.filter(pk=user.pk).exists():
        return True
    return user.memberships.filter(organisation_id=residence.landlord_id).exists()
