"""Thin views over `offers.services`. Every lookup of a partner's data goes through the
organisations the user manages, so another organisation's draft, need, match, request or
inbox is a 404 — never a 403 that would confirm it exists."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Count, Q
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core import moderation as workflow
from core.ratelimit import ratelimit
from directory.models import Organisation, OrganisationKind
from directory.roles import managed_organisation_ids

from . import service_calls, services
from .filters import OfferFilterForm, PremisesFilterForm
from .forms import (
    AgreementDocumentForm,
    AgreementForm,
    ContactAnswerForm,
    ContactRequestForm,
    MatchMessageForm,
    OutcomeForm,
    PhotoForm,
    PremisesForm,
    PremisesLotFormSet,
    ProjectNeedForm,
    RefusalForm,
    ServiceCallAnswerForm,
    ServiceCallForm,
    ServiceOfferForm,
)
from .models import (
    AgreementDocument,
    ContactRequest,
    Match,
    Premises,
    ProjectNeed,
    ServiceCall,
    ServiceOffer,
)
from .photos import add_photo
from .vocabularies import ContactRequestStatus, MatchStatus, Outcome, Status

PAGE_SIZE = 12

KINDS = {
    "offres": (ServiceOffer, ServiceOfferForm, "provider"),
    "locaux": (Premises, PremisesForm, "landlord"),
    "besoins": (ProjectNeed, ProjectNeedForm, "organisation"),
    "appels": (ServiceCall, ServiceCallForm, "landlord"),
}


def managed_ids(user) -> set[int]:
    if user.is_authenticated and user.is_superuser:
        return set(Organisation.objects.values_list("pk", flat=True))
    return managed_organisation_ids(user)


def managed_organisations(user):
    return Organisation.objects.filter(pk__in=managed_ids(user)).order_by("name")


def _visible(model, user):
    """Published entries, the user's organisations' own (drafts included), and for a
    moderator the entries of their territory (they read what they are asked to publish)."""
    owner = f"{model.OWNER_FIELD}_id__in"
    visible = Q(status=Status.PUBLISHED) | Q(**{owner: managed_ids(user)})
    if workflow.is_moderator_anywhere(user):
        visible |= Q(pk__in=workflow.in_territory(model.objects.all(), user).values("pk"))
    return model.objects.filter(visible)


def _list(request, model, form_class, template, extra):
    form = form_class(request.GET or None)
    queryset = model.objects.published().select_related(*extra["related"])
    if form.is_valid():
        queryset = form.apply(queryset)
    elif form.is_bound:
        queryset = queryset.none()
    queryset = queryset.prefetch_related("photos__image").order_by("-published_at", "-pk")
    page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, template, {"form": form, "page": page, **extra["context"]})


def home(request):
    """ESS service offers, filterable (GET form) and paginated."""
    return _list(
        request,
        ServiceOffer,
        OfferFilterForm,
        "offers/offer_list.html",
        {
            "related": ["provider"],
            "context": {"subscribe_kind": "offers", "subscribe_label": _("Offres de services ESS")},
        },
    )


def premises_list(request):
    return _list(
        request,
        Premises,
        PremisesFilterForm,
        "offers/premises_list.html",
        {
            "related": ["landlord", "commune"],
            "context": {"subscribe_kind": "premises", "subscribe_label": _("Locaux disponibles")},
        },
    )


@ratelimit("contact-request", "20/h", template="accounts/rate_limited.html")
def offer_detail(request, pk):
    offer = get_object_or_404(
        _visible(ServiceOffer, request.user).select_related("provider"), pk=pk
    )
    requesters = managed_organisations(request.user).filter(kind=OrganisationKind.LANDLORD)
    form = None
    if offer.is_published and requesters.exists():
        form = ContactRequestForm(request.POST or None, organisations=requesters)
        if request.method == "POST" and form.is_valid():
            services.send_contact_request(
                offer=offer,
                organisation=form.cleaned_data["requester_organisation"],
                user=request.user,
                message=form.cleaned_data["message"],
                residence=form.cleaned_data["residence"],
                desired_start=form.cleaned_data["desired_start"],
                phone=form.cleaned_data["requester_phone"],
            )
            messages.success(request, _("Votre demande est envoyée à l'association."))
            return redirect("offers:requests")
    return render(
        request,
        "offers/offer_detail.html",
        {
            "offer": offer,
            "photos": offer.photos.select_related("image"),
            "form": form,
            "can_edit": offer.provider_id in managed_ids(request.user),
        },
    )


def premises_detail(request, pk):
    premises = get_object_or_404(
        _visible(Premises, request.user).select_related("landlord", "commune", "residence"), pk=pk
    )
    return render(
        request,
        "offers/premises_detail.html",
        {
            "premises": premises,
            "lots": premises.lots.all(),
            "photos": premises.photos.select_related("image"),
            "can_edit": premises.landlord_id in managed_ids(request.user),
        },
    )


def need_detail(request, pk):
    need = get_object_or_404(
        _visible(ProjectNeed, request.user).select_related("organisation", "center_commune"),
        pk=pk,
    )
    return render(
        request,
        "offers/need_detail.html",
        {"need": need, "can_edit": need.organisation_id in managed_ids(request.user)},
    )


@login_required
def service_call_list(request):
    """Open calls for services, for logged-in partners."""
    calls = (
        ServiceCall.objects.published()
        .filter(closes_on__gte=timezone.localdate())
        .select_related("landlord")
    )
    page = Paginator(calls, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "offers/service_call_list.html", {"page": page})


@login_required
def service_call_detail(request, pk):
    """A call; its landlord's members read every answer, a provider its own and answers."""
    call = get_object_or_404(_visible(ServiceCall, request.user).select_related("landlord"), pk=pk)
    ids = managed_ids(request.user)
    providers = service_calls.answering_providers(managed_organisations(request.user)).exclude(
        pk=call.landlord_id
    )
    form = None
    if call.accepts_answers() and providers.exists():
        own = call.answers.filter(provider__in=providers).first()
        form = ServiceCallAnswerForm(request.POST or None, instance=own, providers=providers)
        if request.method == "POST" and form.is_valid():
            try:
                service_calls.answer_call(
                    call,
                    provider=form.cleaned_data["provider"],
                    user=request.user,
                    message=form.cleaned_data["message"],
                    proposed_price=form.cleaned_data["proposed_price"],
                    terms=form.cleaned_data["terms"],
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Votre réponse est transmise au bailleur."))
                return redirect("offers:service_call", pk=call.pk)
    elif request.method == "POST":
        messages.error(request, _("Cet appel est clôturé : il ne reçoit plus de réponse."))
    return render(
        request,
        "offers/service_call_detail.html",
        {
            "call": call,
            "residences": call.residences.select_related("commune"),
            "answers": service_calls.answers_visible_to(request.user, call, ids),
            "form": form,
            "can_edit": service_calls.is_landlord_member(request.user, call, ids),
        },
    )


@login_required
def service_call_matches(request, pk):
    """The landlord's page of a call: the providers found, why they fit, and their answers.
    Only the landlord's members (and site admins); anyone else gets a 404."""
    call = get_object_or_404(
        ServiceCall.objects.filter(landlord_id__in=managed_ids(request.user)).select_related(
            "landlord"
        ),
        pk=pk,
    )
    matches = service_calls.matches_with_answers(call)
    found = {match.provider_id for match in matches}
    return render(
        request,
        "offers/service_call_matches.html",
        {
            "call": call,
            "matches": matches,
            "other_answers": call.answers.exclude(provider_id__in=found).select_related("provider"),
        },
    )


# --- Partner space -----------------------------------------------------------------------------


@login_required
def dashboard(request):
    ids = managed_ids(request.user)
    context = {
        "offers": ServiceOffer.objects.filter(provider_id__in=ids).select_related("provider"),
        "premises": Premises.objects.filter(landlord_id__in=ids).select_related("landlord"),
        "needs": ProjectNeed.objects.filter(organisation_id__in=ids).select_related("organisation"),
        "calls": ServiceCall.objects.filter(landlord_id__in=ids)
        .select_related("landlord")
        .annotate(answer_count=Count("answers")),
        "organisations": managed_organisations(request.user),
    }
    return render(request, "offers/dashboard.html", context)


def _owned(request, kind, pk):
    if kind not in KINDS:
        raise Http404
    model, _form, owner = KINDS[kind]
    return get_object_or_404(model, pk=pk, **{f"{owner}_id__in": managed_ids(request.user)})


@login_required
def edit(request, kind, pk=None):
    """Create or edit an offer, premises (with its lots) or need of one's organisation."""
    if kind not in KINDS:
        raise Http404
    model, form_class, _owner = KINDS[kind]
    entry = _owned(request, kind, pk) if pk else None
    organisations = managed_organisations(request.user)
    form = form_class(request.POST or None, instance=entry, organisations=organisations)
    if not form.fields[form.owner_field].queryset.exists():
        messages.error(request, _("Aucune de vos organisations ne peut publier ce type de fiche."))
        return redirect("offers:dashboard")
    lots = (
        PremisesLotFormSet(request.POST or None, instance=entry or Premises())
        if model is Premises
        else None
    )
    if request.method == "POST" and form.is_valid() and (lots is None or lots.is_valid()):
        with transaction.atomic():
            saved = form.save()
            if lots is not None:
                lots.instance = saved
                lots.save()
            services.edited(saved)
        if saved.status == Status.PUBLISHED:  # validated entries stay online when edited
            messages.success(request, _("Fiche enregistrée : les modifications sont en ligne."))
        elif saved.status == Status.SUBMITTED:
            messages.success(
                request, _("Fiche enregistrée : elle attend la relecture d'un modérateur.")
            )
        else:
            messages.success(request, _("Fiche enregistrée. Soumettez-la pour publication."))
        return redirect("offers:manage", kind=kind, pk=saved.pk)
    return render(
        request,
        "offers/edit.html",
        {"form": form, "lots": lots, "entry": entry, "kind": kind, "model_meta": model._meta},
    )


@login_required
def manage(request, kind, pk):
    """An entry's partner page: status, submit/close, photos."""
    entry = _owned(request, kind, pk)
    photo_form = PhotoForm() if kind in ("offres", "locaux") else None
    return render(
        request,
        "offers/manage.html",
        {
            "entry": entry,
            "kind": kind,
            "photo_form": photo_form,
            "photos": entry.photos.select_related("image") if photo_form else (),
            "model_meta": entry._meta,
        },
    )


@login_required
@require_POST
def transition(request, kind, pk, action):
    entry = _owned(request, kind, pk)
    if action == "soumettre" and entry.status == Status.DRAFT:
        workflow.submit(entry, request.user)
        messages.success(request, _("Fiche soumise : un modérateur va la relire."))
    elif action == "cloturer" and entry.status in (Status.PUBLISHED, Status.SUBMITTED):
        services.close(entry)
        messages.success(request, _("Fiche clôturée."))
    else:
        messages.error(request, _("Cette action n'est pas possible dans l'état actuel."))
    return redirect("offers:manage", kind=kind, pk=pk)


@login_required
@require_POST
def add_photo_view(request, kind, pk):
    entry = _owned(request, kind, pk)
    if kind not in ("offres", "locaux"):
        raise Http404
    form = PhotoForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            add_photo(
                entry, form.cleaned_data["image"], form.cleaned_data["alt_text"], request.user
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Photo ajoutée."))
    else:
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
    return redirect("offers:manage", kind=kind, pk=pk)


@login_required
@require_POST
def delete_photo(request, kind, pk, photo_pk):
    entry = _owned(request, kind, pk)
    if kind not in ("offres", "locaux"):  # needs have no photos
        raise Http404
    photo = get_object_or_404(entry.photos, pk=photo_pk)
    photo.image.delete()
    messages.success(request, _("Photo supprimée."))
    return redirect("offers:manage", kind=kind, pk=pk)


# --- Contact requests ---------------------------------------------------------------------------


def _requests_of(user):
    ids = managed_ids(user)
    return ContactRequest.objects.filter(
        Q(offer__provider_id__in=ids) | Q(requester_organisation_id__in=ids)
    ).select_related("offer__provider", "requester_organisation", "requester", "residence__commune")


@login_required
def requests(request):
    ids = managed_ids(request.user)
    all_requests = list(_requests_of(request.user))
    return render(
        request,
        "offers/requests.html",
        {
            "received": [r for r in all_requests if r.offer.provider_id in ids],
            "sent": [r for r in all_requests if r.requester_organisation_id in ids],
        },
    )


@login_required
def contact_request(request, pk):
    contact = get_object_or_404(_requests_of(request.user), pk=pk)
    # The sender's name, e-mail and phone are for the organisation they wrote to.
    is_recipient = contact.offer.provider_id in managed_ids(request.user)
    can_answer = is_recipient and contact.status == ContactRequestStatus.PENDING
    form = ContactAnswerForm(request.POST or None) if can_answer else None
    if form is not None and request.method == "POST" and form.is_valid():
        services.answer_contact_request(
            contact,
            user=request.user,
            status=form.cleaned_data["status"],
            message=form.cleaned_data["message"],
            proposed_date=form.cleaned_data["proposed_date"],
        )
        messages.success(request, _("Votre réponse est envoyée."))
        return redirect("offers:contact_request", pk=pk)
    return render(
        request,
        "offers/contact_request.html",
        {
            "contact": contact,
            "form": form,
            "is_recipient": is_recipient,
            **_outcome_context(contact, "offers:contact_request_outcome"),
        },
    )


# --- Matches --------------------------------------------------------------------------------


def _matches_of(user):
    ids = managed_ids(user)
    return Match.objects.filter(
        Q(need__organisation_id__in=ids) | Q(premises__landlord_id__in=ids)
    ).select_related("need__organisation", "premises__landlord", "premises__commune")


@login_required
def matches(request):
    ids = managed_ids(request.user)
    queryset = _matches_of(request.user)
    if request.GET.get("ecartees") != "1":
        queryset = queryset.exclude(
            Q(need__organisation_id__in=ids, need_side_status=MatchStatus.DISMISSED)
            & ~Q(premises__landlord_id__in=ids)
        ).exclude(
            Q(premises__landlord_id__in=ids, premises_side_status=MatchStatus.DISMISSED)
            & ~Q(need__organisation_id__in=ids)
        )
    page = Paginator(queryset.order_by("-score", "-pk"), 20).get_page(request.GET.get("page"))
    return render(request, "offers/matches.html", {"page": page, "managed": ids})


def _side(match, ids) -> str:
    return "premises" if match.premises.landlord_id in ids else "need"


@login_required
def match_detail(request, pk):
    """A match and its thread. Opening it (GET) changes nothing — links are prefetched and
    crawled: the match becomes "seen" through the "Marquer comme vue" button or the
    follow-up form (`match_status`), "contacted" when the partner writes in its thread."""
    match = get_object_or_404(_matches_of(request.user), pk=pk)
    ids = managed_ids(request.user)
    side = _side(match, ids)
    status_field = f"{side}_side_status"
    form = MatchMessageForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        sender = match.premises.landlord_id if side == "premises" else match.need.organisation_id
        services.send_match_message(
            match, organisation_id=sender, user=request.user, body=form.cleaned_data["body"]
        )
        messages.success(request, _("Message envoyé."))
        return redirect("offers:match", pk=pk)
    return render(
        request,
        "offers/match_detail.html",
        {
            "match": match,
            "side": side,
            "status": getattr(match, status_field),
            "form": form,
            "thread": match.messages.select_related("sender_organisation"),
            **_outcome_context(match, "offers:match_outcome"),
        },
    )


@login_required
@require_POST
def match_status(request, pk):
    match = get_object_or_404(_matches_of(request.user), pk=pk)
    status = request.POST.get("status")
    if status not in MatchStatus.values:
        messages.error(request, _("Statut inconnu."))
        return redirect("offers:match", pk=pk)
    field = f"{_side(match, managed_ids(request.user))}_side_status"
    setattr(match, field, status)
    match.save(update_fields=[field])
    messages.success(request, _("Suivi mis à jour."))
    return redirect("offers:match", pk=pk)


# --- Moderation: the one queue is the admin's (`core.moderation`); these URLs stay for old links


@login_required
def moderation(request):
    if not workflow.is_moderator_anywhere(request.user):
        raise Http404
    return redirect("moderation_queue")


@login_required
@require_POST
def moderate(request, kind, pk, action):
    """Publish or refuse from an old form: only an entry of the moderator's territory (any
    other is a 404), through the one workflow (audit log, hooks)."""
    if kind not in KINDS or action not in ("publier", "refuser"):
        raise Http404
    model = KINDS[kind][0]
    entry = workflow.moderated_entry(request.user, model._meta.model_name, pk)
    if entry is None or entry.status != Status.SUBMITTED:
        raise Http404
    try:
        if action == "publier":
            workflow.publish(entry, request.user)
            messages.success(request, _("Fiche publiée."))
        else:
            form = RefusalForm(request.POST)
            if not form.is_valid():
                messages.error(request, _("Indiquez le motif du refus."))
                return redirect("moderation_queue")
            workflow.refuse(entry, request.user, form.cleaned_data["reason"])
            messages.success(request, _("Fiche renvoyée en brouillon avec le motif."))
    except (PermissionDenied, workflow.TransitionError) as error:
        messages.error(request, str(error) or _("Vous n'avez pas le droit de faire cette action."))
    return redirect("moderation_queue")


# --- Outcomes ---------------------------------------------------------------------------------


def _outcome_context(subject, url_name: str) -> dict:
    """What the outcome block of a match or contact request page shows (`_outcome.html`)."""
    form = OutcomeForm(current=subject.outcome)
    return {
        "outcome_form": form if form.fields["outcome"].choices else None,
        "outcome_url": reverse(url_name, kwargs={"pk": subject.pk}),
        "outcome_history": subject.outcome_changes.select_related("by_organisation"),
        "agreement_signed": subject.outcome == Outcome.AGREEMENT_SIGNED,
        "agreement_create_url": _agreement_create_url(subject),
    }


def _agreement_create_url(subject) -> str:
    parameter = "correspondance" if isinstance(subject, Match) else "demande"
    return f"{reverse('offers:agreement_create')}?{parameter}={subject.pk}"


def _change_outcome(request, subject):
    form = OutcomeForm(request.POST, current=subject.outcome)
    if form.is_valid():
        services.change_outcome(
            subject,
            user=request.user,
            target=form.cleaned_data["outcome"],
            visit_date=form.cleaned_data["visit_date"],
            reason=form.cleaned_data["reason"],
        )
        messages.success(request, _("Suite enregistrée ; les deux parties en sont informées."))
    else:
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
    return redirect(subject.get_absolute_url())


@login_required
@require_POST
def match_outcome(request, pk):
    """A party records what became of the match (a third party gets 404, a site admin who
    is not a member of either party 403)."""
    match = get_object_or_404(_matches_of(request.user), pk=pk)
    return _change_outcome(request, match)


@login_required
@require_POST
def contact_request_outcome(request, pk):
    contact = get_object_or_404(_requests_of(request.user), pk=pk)
    return _change_outcome(request, contact)


# --- Register of agreements ---------------------------------------------------------------------


@login_required
def agreements(request):
    return render(
        request,
        "offers/agreements.html",
        {"agreements": services.agreements_of(request.user).prefetch_related("residences")},
    )


@login_required
def agreement_detail(request, pk):
    agreement = get_object_or_404(services.agreements_of(request.user), pk=pk)
    form = AgreementDocumentForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        document = form.save(commit=False)
        document.agreement = agreement
        document.save()
        messages.success(request, _("Document ajouté."))
        return redirect(agreement.get_absolute_url())
    return render(
        request,
        "offers/agreement_detail.html",
        {
            "agreement": agreement,
            "documents": agreement.documents.all(),
            "residences": agreement.residences.select_related("commune"),
            "form": form,
        },
    )


def _prefill(request) -> dict:
    """Initial parties of an agreement created from a match or a contact request of the
    user's organisations."""
    if pk := request.GET.get("correspondance", "").strip():
        match = _matches_of(request.user).filter(pk=pk if pk.isdigit() else 0).first()
        if match:
            return {
                "landlord": match.premises.landlord_id,
                "association": match.need.organisation_id,
                "residences": [match.premises.residence_id] if match.premises.residence_id else [],
                "match": match,
            }
    if pk := request.GET.get("demande", "").strip():
        contact = _requests_of(request.user).filter(pk=pk if pk.isdigit() else 0).first()
        if contact:
            return {
                "landlord": contact.requester_organisation_id,
                "association": contact.offer.provider_id,
                "residences": [contact.residence_id] if contact.residence_id else [],
                "kind": "prestations_croisees",
                "contact_request": contact,
            }
    return {}


@login_required
def agreement_edit(request, pk=None):
    agreement = None
    if pk is not None:
        agreement = get_object_or_404(services.agreements_of(request.user), pk=pk)
    initial = _prefill(request) if agreement is None else {}
    form = AgreementForm(
        request.POST or None,
        instance=agreement,
        initial={k: v for k, v in initial.items() if k not in ("match", "contact_request")},
        managed_ids=managed_organisation_ids(request.user),
    )
    if request.method == "POST" and form.is_valid():
        saved = form.save(commit=False)
        if agreement is None:
            saved.match = initial.get("match")
            saved.contact_request = initial.get("contact_request")
        saved.save()
        form.save_m2m()
        messages.success(request, _("Convention enregistrée."))
        return redirect(saved.get_absolute_url())
    return render(request, "offers/agreement_edit.html", {"form": form, "agreement": agreement})


@login_required
def agreement_document(request, pk, doc):
    """A document of an agreement, for the two parties (and site admins) only."""
    agreement = get_object_or_404(services.agreements_of(request.user), pk=pk)
    document = get_object_or_404(AgreementDocument, pk=doc, agreement=agreement)
    return FileResponse(
        document.file.open("rb"),
        as_attachment=True,
        filename=document.file.name.rsplit("/", 1)[-1],
    )


@login_required
def agreement_document_delete(request, pk, doc):
    """Either party deletes a document: a confirmation page, then a POST."""
    agreement = get_object_or_404(services.agreements_of(request.user), pk=pk)
    document = get_object_or_404(AgreementDocument, pk=doc, agreement=agreement)
    if request.method == "POST":
        with transaction.atomic():
            services.delete_agreement_document(document)
        messages.success(request, _("Document supprimé."))
        return redirect(agreement.get_absolute_url())
    return render(
        request,
        "offers/agreement_document_delete.html",
        {"agreement": agreement, "document": document},
    )
