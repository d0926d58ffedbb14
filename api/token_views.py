"""« Mon espace → API »: organisation admins create and revoke their partner keys.

A key is shown once, on the page that answers its creation (never stored in clear, never
sent by email); that page is not cached. Tokens of organisations the user does not
administer are a 404."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from directory.roles import administered_organisations

from .forms import TokenForm
from .models import ApiToken


def _tokens_of(user):
    return ApiToken.objects.filter(
        organisation__in=administered_organisations(user)
    ).select_related("organisation", "created_by")


def _page(request, form, status=200, new_key=None, new_token=None):
    organisations = administered_organisations(request.user).order_by("name")
    return render(
        request,
        "api/tokens.html",
        {
            "form": form,
            "organisations": organisations,
            "tokens": _tokens_of(request.user).order_by("organisation__name", "-created_at"),
            "new_key": new_key,
            "new_token": new_token,
        },
        status=status,
    )


@login_required
@never_cache
def tokens(request):
    organisations = administered_organisations(request.user).order_by("name")
    if request.method == "POST":
        form = TokenForm(request.POST, organisations=organisations)
        if not form.is_valid():
            return _page(request, form, status=400)
        try:
            token, key = ApiToken.issue(
                form.cleaned_data["organisation"], form.cleaned_data["name"], request.user
            )
        except ValidationError as error:
            form.add_error(None, error)
            return _page(request, form, status=400)
        fresh = TokenForm(organisations=organisations)
        return _page(request, fresh, new_key=key, new_token=token)
    return _page(request, TokenForm(organisations=organisations))


@login_required
@require_POST
def revoke(request, pk):
    token = get_object_or_404(_tokens_of(request.user), pk=pk)
    token.revoke()
    messages.success(request, _("La clé « %(name)s » est révoquée.") % {"name": token.name})
    return redirect("api_tokens:tokens")
