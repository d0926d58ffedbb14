"""Who a user is for the portal, as far as accounts know: moderators (a group) and their
territory, professionals (anyone with a place in an organisation). Roles inside organisations
are the directory's (`directory.roles`)."""

MODERATORS_GROUP = "Modérateurs"


def is_moderator(user) -> bool:
    return user.is_authenticated and user.groups.filter(name=MODERATORS_GROUP).exists()


def moderated_departements(user) -> frozenset[str] | None:
    """The territory a user moderates: département codes, or None for every département
    (site admins). Empty for anyone who is not a moderator."""
    if not user.is_authenticated:
        return frozenset()
    if user.is_superuser:
        return None
    if not is_moderator(user):
        return frozenset()
    return frozenset(user.moderated_departements or ())


def moderates(user, departement_code: str | None) -> bool:
    """May `user` moderate in this département? An entry without a département (no commune
    yet) is for site admins only: a moderator acts only inside their territory."""
    scope = moderated_departements(user)
    if scope is None:
        return True
    return departement_code is not None and departement_code in scope


def is_professional(user) -> bool:
    """Professionals see professional-only contacts: any member of an organisation,
    moderators and admins. The one rule of every page, export and API answer; members, what
    most professionals are, are asked first (one query for them)."""
    return user.is_authenticated and (
        user.is_superuser or user.memberships.exists() or is_moderator(user)
    )
