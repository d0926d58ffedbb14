"""Inbox, preferences and saved-search alerts. Every list is the user's own: a delivery of
somebody else is a 404."""

from urllib.parse import parse_qsl

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from core.ratelimit import ratelimit
from core.redirects import redirect_back

from . import subscriptions
from .forms import PreferencesForm, SubscribeForm
from .models import Channel, Delivery, DeliveryStatus, NotificationPreferences, Subscription
from .sending import prefetch_items
from .tokens import read_confirm_token, read_unsubscribe_token

INBOX_PAGE_SIZE = 20


def _inbox_of(user):
    return Delivery.objects.filter(
        recipient=user, channel=Channel.INBOX, status=DeliveryStatus.SENT
    )


@login_required
def inbox(request):
    page = Paginator(_inbox_of(request.user).order_by("-sent_at", "-pk"), INBOX_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    deliveries = list(page.object_list)
    prefetch_items(deliveries)
    entries = [{"delivery": d, **d.item.notification_context(d.kind)} for d in deliveries if d.item]
    return render(request, "notifications/inbox.html", {"page": page, "entries": entries})


@login_required
@require_POST
def mark_all_read(request):
    _inbox_of(request.user).filter(read_at__isnull=True).update(read_at=timezone.now())
    messages.success(request, _("Toutes les notifications sont marquées comme lues."))
    return redirect("notifications:inbox")


@login_required
@require_POST
def open_delivery(request, pk):
    """Mark one notification read, then go to what it is about."""
    delivery = get_object_or_404(_inbox_of(request.user), pk=pk)
    if delivery.read_at is None:
        delivery.read_at = timezone.now()
        delivery.save(update_fields=["read_at"])
    item = delivery.item
    if item is None:
        return redirect("notifications:inbox")
    return HttpResponseRedirect(item.notification_context(delivery.kind)["url"])


@login_required
def preferences(request):
    prefs, _created = NotificationPreferences.objects.get_or_create(user=request.user)
    form = PreferencesForm(request.POST or None, instance=prefs)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Vos préférences sont enregistrées."))
        return redirect("notifications:preferences")
    alerts = Subscription.objects.filter(user=request.user, is_active=True)
    return render(
        request, "notifications/preferences.html", {"form": form, "subscriptions": alerts}
    )


@require_POST
@ratelimit("alert-subscribe", "10/h", template="accounts/rate_limited.html")
def subscribe(request):
    form = SubscribeForm(request.POST, user=request.user)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect_back(request, "/")
    filters = {
        key: value
        for key, value in parse_qsl(form.cleaned_data["query"])
        if key != "page" and value
    }
    label = request.POST.get("label", "")[:200]
    subscriptions.subscribe(
        kind=form.cleaned_data["kind"],
        filters=filters,
        label=label,
        frequency=form.cleaned_data["frequency"],
        user=request.user,
        email=form.cleaned_data.get("email", ""),
        language=get_language() or "fr",
    )
    if request.user.is_authenticated:
        messages.success(request, _("Alerte enregistrée : vous serez prévenu des nouveautés."))
    else:
        messages.success(
            request,
            _("Presque fini : confirmez l'alerte avec le lien que nous venons de vous envoyer."),
        )
    return redirect_back(request, "/")


def confirm(request, token):
    subscription_id = read_confirm_token(token)
    subscription = (
        Subscription.objects.filter(pk=subscription_id, is_active=True).first()
        if subscription_id
        else None
    )
    if subscription is None:
        return render(request, "notifications/link_invalid.html", status=404)
    if request.method == "POST":
        subscriptions.confirm(subscription.pk)
        messages.success(request, _("Votre alerte est confirmée."))
        return redirect("notifications:confirm", token=token)
    return render(request, "notifications/confirm.html", {"subscription": subscription})


@csrf_exempt  # RFC 8058 one-click unsubscribe: the mail client POSTs without a CSRF token
def unsubscribe(request, token):
    subscription_id = read_unsubscribe_token(token)
    subscription = (
        Subscription.objects.filter(pk=subscription_id).first() if subscription_id else None
    )
    if subscription is None:
        return render(request, "notifications/link_invalid.html", status=404)
    if request.method == "POST":
        subscriptions.unsubscribe(subscription.pk)
        subscription.refresh_from_db()
    return render(request, "notifications/unsubscribe.html", {"subscription": subscription})
