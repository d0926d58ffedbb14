"""A partner proposes a call; only a moderator of the call's département publishes it."""

import pytest
from django.core.exceptions import PermissionDenied

from core import moderation
from funding.models import Status
from tests.feedback.factories import moderator_of
from tests.offers.factories import OrganisationFactory, member_of

from .factories import CallFactory

pytestmark = pytest.mark.django_db


def test_a_partner_proposes_a_call_and_a_moderator_of_its_departement_publishes_it(
    django_capture_on_commit_callbacks,
):
    organisation = OrganisationFactory(name="Fondation du quartier")
    partner = member_of(organisation, email="fondation@exemple.org")
    call = CallFactory(organisation=organisation, departement="93")

    with django_capture_on_commit_callbacks():
        moderation.submit(call, partner)
    assert call.status == Status.SUBMITTED
    with pytest.raises(PermissionDenied):
        moderation.publish(call, partner)

    with pytest.raises(PermissionDenied):
        moderation.publish(call, moderator_of("94"))
    entries = {m.key: e for m, e in moderation.queue(moderator_of("94", email="m94b@x.fr"))}
    assert call not in entries["appel-a-projets"]

    moderator = moderator_of("93")
    queued = {m.key: e for m, e in moderation.queue(moderator)}
    assert call in queued["appel-a-projets"]
    with django_capture_on_commit_callbacks():
        moderation.publish(call, moderator)
    call.refresh_from_db()
    assert call.status == Status.PUBLISHED and call.published_at is not None


def test_a_member_of_another_organisation_cannot_submit_the_call():
    call = CallFactory(organisation=OrganisationFactory(name="Fondation A"))
    stranger = member_of(OrganisationFactory(name="Association B"), email="b@exemple.org")
    with pytest.raises(PermissionDenied):
        moderation.submit(call, stranger)


def test_a_call_published_by_the_moderation_has_no_partner_editor():
    call = CallFactory(organisation=None)
    somebody = member_of(OrganisationFactory(name="Association C"), email="c@exemple.org")
    assert not moderation.may_edit(somebody, call)
