"""A small two-sided world for permission tests: organisations A and B of every kind, one user
per role of DESIGN.md §4 (all on side A), and, on each side, the objects every URL needs.

Side A is "the role's own organisation"; side B belongs to nobody among the test users, so
any access to a B object that is not public is a permission hole."""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image as PILImage

from accounts.roles import MODERATORS_GROUP
from directory.models import (
    Invitation,
    Membership,
    MembershipRole,
    OrganisationKind,
    ReferentRole,
    ResidenceReferent,
)
from directory.vocabularies import Status as DirectoryStatus
from feedback.models import Report, ReportKind
from funding.models import Status as FundingStatus
from orientation.models import CallbackRequest
from tests.accounts.factories import UserFactory
from tests.directory.factories import (
    OrganisationFactory,
    ResidenceFactory,
    ServiceFactory,
    real_commune,
)
from tests.funding.factories import CallFactory
from tests.guides.factories import GuidePageFactory
from tests.notifications.factories import SubscriptionFactory
from tests.offers.factories import NeedFactory, OfferFactory, PremisesFactory
from widgets.models import Widget

ROLES = ("visitor", "gardien", "landlord", "ess", "holder", "moderator", "admin")
SIDES = ("A", "B")


def png_bytes(width: int = 4, height: int = 4, fmt: str = "PNG") -> bytes:
    buffer = io.BytesIO()
    PILImage.new("RGB", (width, height), (200, 40, 40)).save(buffer, fmt)
    return buffer.getvalue()


def wagtail_image(title: str = "Photo"):
    from wagtail.images import get_image_model

    image = get_image_model()(
        title=title, file=SimpleUploadedFile(f"{title}.png", png_bytes(), "image/png")
    )
    image.save()
    return image


@dataclass
class Side:
    landlord: object = None
    ess: object = None
    holder: object = None
    residence: object = None
    service: object = None
    draft_service: object = None
    offer: object = None  # published
    draft_offer: object = None
    premises: object = None  # published
    draft_premises: object = None
    need: object = None  # published
    draft_need: object = None
    service_call: object = None  # published, open
    draft_service_call: object = None
    contact_request: object = None
    match: object = None
    agreement: object = None  # between the side's landlord and its ESS organisation
    agreement_document: object = None
    event: object = None
    occurrence: object = None
    registration: object = None
    invitation: object = None
    other_member: object = None  # a membership of the ESS organisation that is not the user's
    api_token: object = None
    offer_photo: object = None
    premises_photo: object = None
    callback_request: object = None  # from a gardien of the side's landlord to its service
    referent: object = None  # the landlord's own contact for the side's residence
    feedback_report: object = None  # an error reported on the side's ESS organisation
    funding_call: object = None  # a call for projects: published on side A, a draft on B
    widget: object = None  # a widget of the side's ESS organisation


@dataclass
class World:
    commune: object
    users: dict = field(default_factory=dict)
    sides: dict = field(default_factory=dict)
    guide: object = None
    deliveries: dict = field(default_factory=dict)  # user pk → own inbox delivery
    stranger_delivery: object = None
    subscription: object = None

    def own_org(self, role: str, side: str):
        """The organisation of side `side` that `role` belongs to (ESS when it has none)."""
        s = self.sides[side]
        return {"gardien": s.landlord, "landlord": s.landlord, "holder": s.holder}.get(role, s.ess)


def _event(index, organiser, commune, title: str, capacity: int | None = None):
    from events.models import EventPage, EventType

    start = timezone.now() + timedelta(days=5)
    event = EventPage(
        title=title,
        slug=title.lower().replace(" ", "-"),
        event_type=EventType.ATELIER_NUMERIQUE,
        summary="Prendre en main sa tablette.",
        start=start,
        end=start + timedelta(hours=2),
        organiser=organiser,
        place_organisation=organiser,
        commune=commune,
        capacity=capacity,
    )
    index.add_child(instance=event)
    event.save_revision().publish()
    event.refresh_from_db()
    return event


def event_index():
    from demo.home import ensure_home_page
    from events.models import EventIndexPage

    existing = EventIndexPage.objects.first()
    if existing:
        return existing
    index = EventIndexPage(title="Agenda", slug="evenements")
    ensure_home_page().add_child(instance=index)
    index.save_revision().publish()
    return index


def guide_page():
    from demo.home import ensure_home_page
    from guides.models import GuideIndexPage

    index = GuideIndexPage.objects.first()
    if index is None:
        index = GuideIndexPage(title="Guides pratiques", slug="guides-pratiques")
        ensure_home_page().add_child(instance=index)
        index.save_revision().publish()
    return GuidePageFactory(
        parent=index,
        body=[{"type": "text", "value": "<p>Une barre d'appui évite bien des chutes.</p>"}],
    )


def _side(name: str, commune) -> Side:
    from events.models import RegistrationStatus
    from offers.models import (
        Agreement,
        AgreementDocument,
        ContactRequest,
        Match,
        PremisesPhoto,
        ServiceCall,
        ServiceOfferPhoto,
    )
    from offers.vocabularies import OfferFamily, Status

    low = name.lower()
    s = Side()
    s.landlord = OrganisationFactory(
        name=f"Bailleur {name}", kind=OrganisationKind.LANDLORD, commune=commune
    )
    s.ess = OrganisationFactory(
        name=f"Association {name}", kind=OrganisationKind.ESS, commune=commune
    )
    s.holder = OrganisationFactory(
        name=f"Porteur {name}", kind=OrganisationKind.PROJECT_HOLDER, commune=commune
    )
    s.residence = ResidenceFactory(name=f"Résidence {name}", landlord=s.landlord, commune=commune)
    s.service = ServiceFactory(name=f"Aide à domicile {name}", organisation=s.ess)
    s.draft_service = ServiceFactory(
        name=f"Service brouillon {name}", organisation=s.ess, status=DirectoryStatus.DRAFT
    )
    s.offer = OfferFactory(provider=s.ess, title=f"Café social {name}", published_at=timezone.now())
    # "Drafts" wait for moderation: not public, and in the moderators' queue.
    s.draft_offer = OfferFactory(
        provider=s.ess, title=f"Offre soumise {name}", status=Status.SUBMITTED
    )
    s.premises = PremisesFactory(
        landlord=s.landlord,
        title=f"Local {name}",
        commune=commune,
        status=Status.PUBLISHED,
        published_at=timezone.now(),
    )
    s.draft_premises = PremisesFactory(
        landlord=s.landlord, title=f"Local soumis {name}", status=Status.SUBMITTED
    )
    s.need = NeedFactory(organisation=s.holder, title=f"Projet {name}", published_at=timezone.now())
    s.draft_need = NeedFactory(
        organisation=s.holder, title=f"Besoin soumis {name}", status=Status.SUBMITTED
    )
    s.service_call = ServiceCall.objects.create(
        landlord=s.landlord,
        title=f"Appel {name}",
        description="Un café social dans le hall.",
        family=OfferFamily.SOCIAL_COHESION,
        communes=[commune.insee_code],
        period_start=timezone.localdate(),
        closes_on=timezone.localdate() + timedelta(days=30),
        status=Status.PUBLISHED,
        published_at=timezone.now(),
    )
    s.draft_service_call = ServiceCall.objects.create(
        landlord=s.landlord,
        title=f"Appel soumis {name}",
        description="Des ateliers numériques.",
        family=OfferFamily.DAILY_LIFE,
        period_start=timezone.localdate(),
        closes_on=timezone.localdate() + timedelta(days=30),
        status=Status.SUBMITTED,
    )
    s.contact_request = ContactRequest.objects.create(
        offer=s.offer, requester_organisation=s.landlord, message=f"Bonjour ({low})"
    )
    s.match = Match.objects.create(need=s.need, premises=s.premises, score=80, reasons=[])
    s.agreement = Agreement.objects.create(
        landlord=s.landlord,
        association=s.ess,
        kind="cot",
        scope=f"Local {name}",
        start_date=date(2026, 1, 1),
        end_date=date(2027, 12, 31),
        free_of_charge=True,
    )
    s.agreement_document = AgreementDocument.objects.create(
        agreement=s.agreement,
        title=f"Convention {name}",
        file=SimpleUploadedFile(f"convention-{low}.pdf", b"%PDF-1.4\n%%EOF\n"),
    )
    s.offer_photo = ServiceOfferPhoto.objects.create(
        offer=s.draft_offer, image=wagtail_image(f"offre-{low}"), alt_text="Le hall"
    )
    s.premises_photo = PremisesPhoto.objects.create(
        premises=s.draft_premises, image=wagtail_image(f"local-{low}"), alt_text="La salle"
    )
    s.event = _event(event_index(), s.ess, commune, f"Atelier {name}", capacity=10)
    s.occurrence = s.event.occurrences.first()
    s.registration = s.occurrence.registrations.create(
        name=f"Personne {name}",
        email=f"personne-{low}@exemple.fr",
        status=RegistrationStatus.CONFIRMED,
    )
    s.invitation = Invitation.objects.create(organisation=s.ess, email=f"invite-{low}@exemple.fr")
    s.other_member = Membership.objects.create(
        user=UserFactory(email=f"collegue-{low}@exemple.fr"),
        organisation=s.ess,
        role=MembershipRole.MEMBER,
    )
    from api.models import ApiToken

    s.api_token, _key = ApiToken.issue(s.ess, f"Outil {name}")
    s.callback_request = CallbackRequest.objects.create(
        sender=UserFactory(email=f"gardien-{low}@exemple.fr"),
        sender_organisation=s.landlord,
        sender_phone="+33148000001",
        sender_email=f"gardien-{low}@exemple.fr",
        service=s.service,
        recipient_organisation=s.ess,
        residence=s.residence,
        commune=commune,
        consent=True,
    )
    s.referent = ResidenceReferent.objects.create(
        residence=s.residence, role=ReferentRole.MANAGER, label=f"Responsable de secteur {name}"
    )
    s.feedback_report = Report.objects.create(
        kind=ReportKind.CORRECTION,
        organisation=s.ess,
        subject="hours",
        message=f"Horaires faux ({low})",
        commune=commune,
        departement=commune.departement_code,
    )
    s.funding_call = CallFactory(
        title=f"Appel à projets {name}",
        organisation=s.ess,
        departement=commune.departement_code,
        status=FundingStatus.PUBLISHED if name == "A" else FundingStatus.DRAFT,
    )
    s.widget = Widget.objects.create(
        organisation=s.ess, name=f"Module {name}", allowed_origins=[f"https://{low}.exemple.fr"]
    )
    return s


def inbox_delivery(user, item, kind: str = "match"):
    """A sent in-app notification about `item` for `user`."""
    from django.contrib.contenttypes.models import ContentType

    from notifications.models import Channel, Delivery, DeliveryStatus

    return Delivery.objects.create(
        recipient_key=f"u:{user.pk}",
        recipient=user,
        content_type=ContentType.objects.get_for_model(item),
        object_id=item.pk,
        kind=kind,
        channel=Channel.INBOX,
        status=DeliveryStatus.SENT,
        sent_at=timezone.now(),
    )


def make_user(email: str, **fields):
    return UserFactory(email=email, **fields)


def build_world() -> World:
    """Everything the permission matrix needs (a couple of seconds)."""
    from wagtail.models import Collection

    from demo.home import ensure_home_page

    # Transactional tests flush what migrations created: the root collection, the page tree.
    if Collection.get_first_root_node() is None:
        Collection.add_root(name="Root")
    ensure_home_page()
    # Partners and moderators enter the Wagtail admin (directory migrations 0005 and 0007).
    from django.contrib.auth.models import Permission

    from directory.permissions import PARTNERS_GROUP

    access_admin = Permission.objects.get(
        content_type__app_label="wagtailadmin", codename="access_admin"
    )
    for group_name in (PARTNERS_GROUP, MODERATORS_GROUP):
        Group.objects.get_or_create(name=group_name)[0].permissions.add(access_admin)
    commune = real_commune("Montreuil")
    world = World(commune=commune)
    world.sides = {side: _side(side, commune) for side in SIDES}
    world.guide = guide_page()
    a = world.sides["A"]
    users = world.users
    users["visitor"] = None
    users["gardien"] = make_user("gardien@exemple.fr")
    Membership.objects.create(
        user=users["gardien"], organisation=a.landlord, role=MembershipRole.GARDIEN
    )
    a.residence.gardiens.add(users["gardien"])
    for role, organisation in (
        ("landlord", a.landlord),
        ("ess", a.ess),
        ("holder", a.holder),
    ):
        users[role] = make_user(f"{role}@exemple.fr")
        Membership.objects.create(
            user=users[role], organisation=organisation, role=MembershipRole.ADMIN
        )
    users["moderator"] = make_user("moderateur@exemple.fr", moderated_departements=["93"])
    users["moderator"].groups.add(Group.objects.get_or_create(name=MODERATORS_GROUP)[0])
    users["admin"] = make_user("admin@exemple.fr", is_superuser=True, is_staff=True)
    for role, user in users.items():
        if user is not None:
            world.deliveries[role] = inbox_delivery(user, a.match)
    stranger = make_user("inconnu@exemple.fr")
    world.stranger_delivery = inbox_delivery(stranger, world.sides["B"].match)
    world.subscription = SubscriptionFactory(email="alerte@exemple.fr")
    return world
