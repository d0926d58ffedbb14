"""Public pages: the list of calls for projects with its filters, and one call's page; and the
front office where moderators and partners propose and edit calls (`funding.editing`)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core import moderation

from . import editing
from .forms import CallFilterForm, CallForProjectsForm
from .models import CallForProjects, Status

PAGE_SIZE = 20

SAVED_MESSAGES = {
    Status.PUBLISHED: gettext_lazy("Appel enregistré : il est en ligne."),
    Status.SUBMITTED: gettext_lazy("Appel enregistré : il attend la relecture d'un modérateur."),
}


def call_list(request):
    form = CallFilterForm(request.GET or None)
    calls = form.apply(CallForProjects.objects.public().select_related("organisation"))
    page = Paginator(calls, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "funding/call_list.html",
        {
            "form": form,
            "page": page,
            "subscribe_kind": "funding",
            "subscribe_label": _("Appels à projets"),
            "may_propose": editing.may_propose(request.user),
        },
    )


def call_detail(request, pk):
    """A published or closed call for everyone; a draft or submitted one for its editors."""
    related = ("organisation", "document")
    call = CallForProjects.objects.public().select_related(*related).filter(pk=pk).first()
    editable = editing.editable_calls(request.user)
    if call is None:
        call = get_object_or_404(editable.select_related(*related), pk=pk)
    can_edit = editable.filter(pk=call.pk).exists()
    return render(request, "funding/call_detail.html", {"call": call, "can_edit": can_edit})


@login_required
def my_calls(request):
    """The calls the user may edit, whatever their status."""
    calls = editing.editable_calls(request.user).select_related("organisation")
    return render(
        request,
        "funding/my_calls.html",
        {
            "calls": calls.order_by("-updated_at", "-pk"),
            "may_propose": editing.may_propose(request.user),
        },
    )


@login_required
def call_edit(request, pk=None):
    """Propose a call (moderators and partners) or edit one the user may edit."""
    call = get_object_or_404(editing.editable_calls(request.user), pk=pk) if pk else None
    if call is None and not editing.may_propose(request.user):
        messages.error(
            request,
            _("Seuls les modérateurs et les membres d'une organisation proposent un appel."),
        )
        return redirect("funding:list")
    form = CallForProjectsForm(
        request.POST or None,
        instance=call,
        organisations=editing.proposer_organisations(request.user),
        scope=moderation.scope_of(request.user),
    )
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            saved = form.save()
            status = editing.after_save(saved, request.user)
        messages.success(request, SAVED_MESSAGES.get(status, _("Appel enregistré.")))
        return redirect(saved.get_absolute_url())
    return render(request, "funding/call_edit.html", {"form": form, "call": call})
