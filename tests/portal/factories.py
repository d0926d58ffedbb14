"""Factories for accounts: users, organisations (directory.models.Organisation), memberships
and invitations."""

import factory
from allauth.account.models import EmailAddress
from django.utils.text import slugify

from accounts.models import User
from directory.models import Invitation, Membership, MembershipRole, Organisation, OrganisationKind

PASSWORD = "un-mot-de-passe-solide-93"


class UserFactory(factory.django.DjangoModelFactory):
    """A user with a usable password (PASSWORD) and a verified primary email address, as
    after a completed signup."""

    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"personne{n}@exemple.fr")
    first_name = factory.Faker("first_name", locale="fr_FR")
    last_name = factory.Faker("last_name", locale="fr_FR")

    @factory.post_generation
    def password(obj, create, extracted, **kwargs):
        obj.set_password(extracted or PASSWORD)
        if create:
            obj.save(update_fields=["password"])

    @factory.post_generation
    def verified(obj, create, extracted, **kwargs):
        if create and extracted is not False:
            EmailAddress.objects.create(user=obj, email=obj.email, verified=True, primary=True)


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation
        django_get_or_create = ["slug"]

    name = factory.Sequence(lambda n: f"Organisation {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.name))
    kind = OrganisationKind.ESS


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    role = MembershipRole.MEMBER


class InvitationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Invitation

    organisation = factory.SubFactory(OrganisationFactory)
    email = factory.Sequence(lambda n: f"invite{n}@exemple.fr")
    role = MembershipRole.MEMBER
    invited_by = None


def clear_test_cache() -> None:
    """Forget rate-limit counters (ours and allauth's) of this test run only.

    The Redis cache outlives test databases, and other runs share it under other key
    prefixes: delete our prefix's keys instead of flushing the whole database."""
    from django.conf import settings
    from django.core.cache import cache

    client = cache._cache.get_client(write=True)
    keys = list(client.scan_iter(f"{settings.CACHES['default']['KEY_PREFIX']}:*"))
    if keys:
        client.delete(*keys)


def after_login_url() -> str:
    """Where a successful login lands (LOGIN_REDIRECT_URL, resolved)."""
    from django.conf import settings
    from django.shortcuts import resolve_url

    return resolve_url(settings.LOGIN_REDIRECT_URL)


def text(response) -> str:
    """The response body with HTML entities decoded (Django escapes apostrophes)."""
    import html

    return html.unescape(response.content.decode())
