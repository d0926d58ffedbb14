"""The user's own account: what we hold about them, its export and its deletion."""

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from core.ratelimit import ratelimit

from . import personal_data, rgpd
from .forms import DeleteAccountForm


@login_required
def my_data(request):
    """What we hold about the user, how to download it and how to delete the account."""
    return render(
        request,
        "accounts/my_data.html",
        {"sections": personal_data.exported_sections()},
    )


@login_required
def export_my_data(request):
    body = rgpd.export_user_data_json(request.user)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    filename = f"maillage-mes-donnees-{timezone.localdate():%Y-%m-%d}.json"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


@login_required
@ratelimit("delete-account", "10/h", template="accounts/rate_limited.html")
def delete_account(request):
    blocking = personal_data.deletion_blockers(request.user)
    form = DeleteAccountForm(request.POST if request.method == "POST" else None, user=request.user)
    if request.method == "POST" and not blocking and form.is_valid():
        try:
            rgpd.delete_account(request.user)
        except rgpd.DeletionBlocked as error:
            form.add_error(None, error.message)
        else:
            logout(request)
            messages.success(request, _("Votre compte et vos données ont été supprimés."))
            return redirect("wagtail_serve", "")
    return render(
        request,
        "accounts/delete_account.html",
        {"form": form, "blocking": blocking},
        status=400 if form.errors else 200,
    )
