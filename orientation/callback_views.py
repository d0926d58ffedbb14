"""Callback request views: ask (sender), lists of requests sent and received, answer in the
organisation's space or through the signed link of the email. Rules in callbacks.py."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from core.ratelimit import ratelimit
from directory.models import ResidenceReferent, Service

from . import callbacks
from .callback_tokens import read_answer_token
from .forms import CallbackAnswerForm, CallbackRequestForm
from .models import CallbackRequest, CallbackStatus

ANSWERED_MESSAGES = {
    CallbackStatus.ACKNOWLEDGED: gettext_lazy(
        "Merci : la personne qui a fait la demande sait que vous rappelez."
    ),
    CallbackStatus.DECLINED: gettext_lazy(
        "Merci : la personne qui a fait la demande est prévenue."
    ),
}


def _initial_from_query(request) -> dict:
    """From a result card: "?situation=isolement&residence=12" or "&commune=93048"."""
    return {key: request.GET.get(key) for key in ("situation", "residence", "commune")}


def _ask(request, *, service=None, referent=None):
    """The form of « Demander un rappel », to a service or to a landlord's contact."""
    recipient = service.name if service else referent.label
    if request.method == "POST":
        form = CallbackRequestForm(request.POST, user=request.user)
        if form.is_valid():
            data = form.cleaned_data
            callbacks.send_callback_request(
                sender=request.user,
                service=service,
                referent=referent,
                situation=data["situation"],
                commune=data["place_commune"],
                residence=data.get("residence"),
                sender_organisation=data["sender_organisation"],
                sender_phone=data["sender_phone"],
                sender_email=data["sender_email"],
                note=data["note"],
                consent=data["consent"],
            )
            messages.success(
                request,
                _("Demande envoyée à « %(service)s ». Vous verrez ici sa réponse.")
                % {"service": recipient},
            )
            return redirect("orientation:callbacks_sent")
    else:
        initial = {**_initial_from_query(request), **callbacks.sender_defaults(request.user)}
        if referent is not None:
            initial["residence"] = referent.residence.pk
        form = CallbackRequestForm(initial=initial, user=request.user)
    organisation = service.organisation if service else referent.residence.landlord
    return render(
        request,
        "orientation/callback_form.html",
        {"form": form, "recipient": recipient, "organisation": organisation},
    )


@login_required
@ratelimit("callback-request", settings.CALLBACK_RATE, template="accounts/rate_limited.html")
def new_callback(request, slug):
    """« Demander un rappel » to one service."""
    if not callbacks.can_request_callback(request.user):
        raise PermissionDenied
    service = get_object_or_404(Service.objects.public().select_related("organisation"), slug=slug)
    return _ask(request, service=service)


@login_required
@ratelimit("callback-request", settings.CALLBACK_RATE, template="accounts/rate_limited.html")
def new_referent_callback(request, pk):
    """« Demander un rappel » to one of the landlord's contacts for a residence, by its own
    staff and gardiens."""
    referent = get_object_or_404(
        ResidenceReferent.objects.select_related("residence__landlord", "residence__commune"),
        pk=pk,
    )
    if not callbacks.may_ask_referent(request.user, referent):
        raise PermissionDenied
    return _ask(request, referent=referent)


@login_required
def sent(request):
    """« Mes demandes de rappel »: the user's own requests and their answers."""
    return render(
        request, "orientation/callbacks_sent.html", {"requests": callbacks.sent_by(request.user)}
    )


@login_required
def received(request):
    """Requests to the organisations the user manages, with the answer buttons."""
    return render(
        request,
        "orientation/callbacks_received.html",
        {"requests": callbacks.received_by(request.user), "form": CallbackAnswerForm()},
    )


def _answer(request, callback: CallbackRequest, form: CallbackAnswerForm) -> bool:
    """Apply a valid answer; False (with a message) when the request was already closed."""
    status = form.cleaned_data["decision"]
    try:
        callbacks.answer(
            callback.pk,
            status=status,
            suggestion=form.cleaned_data["suggestion"],
            user=request.user,
        )
    except callbacks.CallbackClosed:
        messages.warning(request, _("Cette demande a déjà reçu une réponse ou a expiré."))
        return False
    messages.success(request, ANSWERED_MESSAGES[status])
    return True


@require_POST
@login_required
def respond(request, pk):
    """Answer from the organisation's space; another organisation's request is a 404."""
    callback = get_object_or_404(callbacks.received_by(request.user), pk=pk)
    form = CallbackAnswerForm(request.POST)
    if form.is_valid():
        _answer(request, callback, form)
    else:
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
    return redirect("orientation:callbacks_received")


def answer_by_link(request, token):
    """The signed link of the email: answer without logging in. GET only shows the request
    (mail scanners open links); the answer is a POST."""
    callback_id = read_answer_token(token)
    callback = callbacks.by_id(callback_id) if callback_id else None
    if callback is None:
        return render(request, "orientation/callback_link_invalid.html", status=404)
    form = CallbackAnswerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        _answer(request, callback, form)
        return redirect("orientation:callback_answer", token=token)
    return render(request, "orientation/callback_answer.html", {"callback": callback, "form": form})
