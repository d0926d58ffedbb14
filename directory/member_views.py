"""« Mon espace »: the user's organisations, their members and invitations.

Thin views: rules live in membership.py, permissions in roles.py. Organisations
are always looked up through roles.member_organisations / administered_organisations, so an
organisation the user does not belong to is a 404."""

from allauth.account.adapter import get_adapter
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.models import User
from accounts.roles import is_moderator
from core.ratelimit import ratelimit

from . import freshness
from . import membership as rules
from .member_forms import InvitationForm, LeaveForm, MemberRoleForm
from .models import Invitation, Membership, MembershipRole
from .roles import (
    administered_organisation_ids,
    can_administer_organisation,
    managed_organisation_ids,
    member_organisations,
    roles_of,
)

INVITATION_SESSION_KEY = "invitation_token"


def invitation_opens_signup(request) -> bool:
    """With signup closed, a browser that opened a usable invitation may still sign up
    (registered with accounts.adapter by DirectoryConfig.ready)."""
    token = request.session.get(INVITATION_SESSION_KEY)
    invitation = Invitation.objects.filter(token=token).first() if token else None
    return invitation is not None and invitation.is_usable


def _forbidden(request, organisation):
    return render(request, "accounts/forbidden.html", {"organisation": organisation}, status=403)


def _organisation_for(request, slug):
    """The organisation if the user belongs to it (any organisation for site admins)."""
    return get_object_or_404(member_organisations(request.user), slug=slug)


@login_required
def dashboard(request):
    """The logged-in user's home: their organisations, roles and account links."""
    memberships = request.user.memberships.select_related("organisation").order_by(
        "organisation__name"
    )
    roles = sorted(roles_of(request.user), key=lambda role: str(role.label))
    return render(
        request,
        "accounts/dashboard.html",
        {
            "memberships": memberships,
            "roles": roles,
            "administered_ids": administered_organisation_ids(request.user),
            # Ways into the partner space and the moderation queues (nothing else links them).
            "manages_entries": request.user.is_superuser
            or bool(managed_organisation_ids(request.user)),
            "moderates": request.user.is_superuser or is_moderator(request.user),
        },
    )


@login_required
def organisation_members(request, slug):
    """Members of one of the user's organisations; admins also manage them here."""
    organisation = _organisation_for(request, slug)
    members = (
        Membership.objects.filter(organisation=organisation)
        .select_related("user")
        .order_by("user__last_name", "user__first_name", "user__email")
    )
    is_admin = can_administer_organisation(request.user, organisation)
    return render(
        request,
        "accounts/organisation_members.html",
        {
            "organisation": organisation,
            "members": members,
            "is_admin": is_admin,
            "role_choices": MembershipRole.choices,
            "pending_count": _pending_invitations(organisation).count() if is_admin else 0,
        },
    )


def _pending_invitations(organisation):
    return Invitation.objects.filter(
        organisation=organisation,
        accepted_at__isnull=True,
        revoked_at__isnull=True,
        expires_at__gt=timezone.now(),
    )


@login_required
@ratelimit("invitation", "20/h", template="accounts/rate_limited.html")
def invite(request, slug):
    organisation = _organisation_for(request, slug)
    if not can_administer_organisation(request.user, organisation):
        return _forbidden(request, organisation)
    form = InvitationForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            invitation = rules.create_invitation(
                organisation=organisation,
                email=form.cleaned_data["email"],
                role=form.cleaned_data["role"],
                invited_by=request.user,
            )
        except rules.InvitationError as error:
            form.add_error("email", error.message)
        else:
            messages.success(
                request,
                _("Invitation envoyée à %(email)s.") % {"email": invitation.email},
            )
            return redirect("accounts:invitations", slug=organisation.slug)
    return render(request, "accounts/invite.html", {"organisation": organisation, "form": form})


@login_required
def invitations(request, slug):
    """Pending invitations of an organisation, which its admins can revoke."""
    organisation = _organisation_for(request, slug)
    if not can_administer_organisation(request.user, organisation):
        return _forbidden(request, organisation)
    pending = _pending_invitations(organisation).select_related("invited_by").order_by("email")
    return render(
        request,
        "accounts/invitations.html",
        {"organisation": organisation, "invitations": pending},
    )


@login_required
@require_POST
def revoke_invitation(request, slug, pk):
    organisation = _organisation_for(request, slug)
    if not can_administer_organisation(request.user, organisation):
        return _forbidden(request, organisation)
    invitation = get_object_or_404(Invitation, organisation=organisation, pk=pk)
    rules.revoke_invitation(invitation)
    messages.success(
        request, _("L'invitation de %(email)s est révoquée.") % {"email": invitation.email}
    )
    return redirect("accounts:invitations", slug=organisation.slug)


@login_required
@require_POST
def change_member_role(request, slug, pk):
    organisation = _organisation_for(request, slug)
    if not can_administer_organisation(request.user, organisation):
        return _forbidden(request, organisation)
    member = get_object_or_404(
        Membership.objects.select_related("user"), organisation=organisation, pk=pk
    )
    form = MemberRoleForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choisissez un rôle dans la liste."))
    else:
        try:
            rules.change_role(member, form.cleaned_data["role"])
        except rules.MembershipError as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request,
                _("%(person)s est maintenant « %(role)s ».")
                % {"person": member.user, "role": member.get_role_display()},
            )
    return redirect("accounts:organisation", slug=organisation.slug)


@login_required
def remove_member(request, slug, pk):
    """Confirmation page (GET) and removal (POST) of another member."""
    organisation = _organisation_for(request, slug)
    if not can_administer_organisation(request.user, organisation):
        return _forbidden(request, organisation)
    member = get_object_or_404(
        Membership.objects.select_related("user"), organisation=organisation, pk=pk
    )
    error = None
    if request.method == "POST":
        try:
            rules.remove_member(member, by=request.user)
        except rules.MembershipError as refused:
            error = refused.message
        else:
            messages.success(
                request,
                _("%(person)s ne fait plus partie de l'organisation.") % {"person": member.user},
            )
            return redirect("accounts:organisation", slug=organisation.slug)
    return render(
        request,
        "accounts/remove_member.html",
        {"organisation": organisation, "member": member, "error": error},
        status=400 if error else 200,
    )


@login_required
def leave_organisation(request, slug):
    """Leave an organisation; its last admin names a successor first."""
    membership = get_object_or_404(
        Membership.objects.select_related("organisation"),
        user=request.user,
        organisation__slug=slug,
    )
    organisation = membership.organisation
    successor_required = organisation in rules.blocking_organisations(request.user)
    form = LeaveForm(
        request.POST if request.method == "POST" else None,
        membership=membership,
        successor_required=successor_required,
    )
    if request.method == "POST" and form.is_valid():
        try:
            rules.leave(membership, successor=form.cleaned_data.get("successor"))
        except rules.MembershipError as error:
            form.add_error(None, error.message)
        else:
            messages.success(
                request,
                _("Vous avez quitté « %(organisation)s ».") % {"organisation": organisation},
            )
            return redirect("accounts:dashboard")
    return render(
        request,
        "accounts/leave.html",
        {"organisation": organisation, "form": form, "successor_required": successor_required},
        status=400 if form.errors else 200,
    )


def invitation(request, token):
    """Landing page of the emailed link: sign up or log in, then accept."""
    invitation = (
        Invitation.objects.select_related("organisation", "invited_by").filter(token=token).first()
    )
    if invitation is None:
        return render(
            request, "accounts/invitation_invalid.html", {"reason": "unknown"}, status=404
        )
    if not invitation.is_usable:
        if invitation.accepted_at:
            reason = "accepted"
        elif invitation.revoked_at:
            reason = "revoked"
        else:
            reason = "expired"
        return render(
            request,
            "accounts/invitation_invalid.html",
            {"reason": reason, "invitation": invitation},
            status=410,
        )
    here = reverse("accounts:invitation", args=[token])
    if not request.user.is_authenticated:
        request.session[INVITATION_SESSION_KEY] = token
        # The invitee proved they read this address's mail: signing up with it needs no
        # second confirmation email (allauth reads the stash in is_email_verified).
        get_adapter(request).stash_verified_email(request, invitation.email)
        has_account = User.objects.filter(email__iexact=invitation.email).exists()
        return render(
            request,
            "accounts/invitation.html",
            {"invitation": invitation, "has_account": has_account, "next": here},
        )
    if not rules.invitation_matches_user(invitation, request.user):
        return render(
            request,
            "accounts/invitation_wrong_email.html",
            {"invitation": invitation, "masked_email": mask_email(invitation.email)},
            status=403,
        )
    if request.method == "POST":
        try:
            membership = rules.accept_invitation(token, request.user)
        except rules.InvitationError as error:
            messages.error(request, error.message)
            return redirect("accounts:dashboard")
        request.session.pop(INVITATION_SESSION_KEY, None)
        if membership.just_created:
            text = _("Bienvenue dans « %(organisation)s » !")
        else:
            text = _("Vous étiez déjà membre de « %(organisation)s ».")
        messages.success(request, text % {"organisation": membership.organisation})
        return redirect("accounts:organisation", slug=membership.organisation.slug)
    return render(request, "accounts/invitation.html", {"invitation": invitation})


def mask_email(email: str) -> str:
    """j***@example.org: enough to recognise one's address, not to harvest it."""
    local, _, domain = email.partition("@")
    return f"{local[:1]}***@{domain}"


@login_required
@require_POST
def verify_organisation(request, slug):
    """« J'ai vérifié : tout est à jour »: the organisation's admins confirm its sheet and its
    services (`freshness.verify_organisation`); an edit alone is not a verification."""
    organisation = _organisation_for(request, slug)
    if not can_administer_organisation(request.user, organisation):
        return _forbidden(request, organisation)
    entries = freshness.verify_organisation(organisation, user=request.user, via="partner")
    messages.success(
        request,
        _("Merci : %(count)d fiche(s) de %(name)s confirmée(s) à jour.")
        % {"count": len(entries), "name": organisation.name},
    )
    return redirect("accounts:dashboard")
