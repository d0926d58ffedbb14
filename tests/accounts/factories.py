"""Factories for accounts: users (memberships and invitations: tests/directory/factories.py)."""

import factory
from allauth.account.models import EmailAddress

from accounts.models import User

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
