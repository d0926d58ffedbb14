"""Calls for projects in the Wagtail admin, for moderators: the calls of the départements
they moderate (site admins every call). A call saved here follows the front office's rule
(`funding.editing.after_save`): a moderator's save publishes it through `core.moderation`,
which announces it to the eligible organisations and saved searches."""

from django import forms
from django.contrib.auth import get_user_model
from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel, ObjectList
from wagtail.admin.ui.tables import TitleColumn
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies.base import BasePermissionPolicy
from wagtail.permissions import register_permission_policy

from core import moderation
from core.places import departement_name, served_departements
from directory.models import Organisation

from . import editing
from .models import CallForProjects
from .moderation import KEY

ACTIONS = {"add", "change", "delete", "view"}


class TerritoryPolicy(BasePermissionPolicy):
    """Moderators act on the calls of their territory only; nobody else uses this screen."""

    def user_has_permission(self, user, action):
        if not (user.is_authenticated and user.is_active) or action not in ACTIONS:
            return False
        return moderation.is_moderator_anywhere(user)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)

    def users_with_any_permission(self, actions):
        return get_user_model().objects.filter(is_superuser=True)

    def instances_user_has_any_permission_for(self, user, actions):
        calls = CallForProjects.objects.all()
        if not self.user_has_any_permission(user, actions):
            return calls.none()
        return moderation.in_territory(calls, user)

    def user_has_permission_for_instance(self, user, action, instance):
        return self.user_has_any_permission_for_instance(user, [action], instance)

    def user_has_any_permission_for_instance(self, user, actions, instance):
        return (
            self.instances_user_has_any_permission_for(user, actions)
            .filter(pk=instance.pk)
            .exists()
        )

    def users_with_any_permission_for_instance(self, actions, instance):
        return self.users_with_any_permission(actions)


territory_policy = TerritoryPolicy(CallForProjects)
register_permission_policy(CallForProjects, territory_policy)


class CallAdminForm(WagtailAdminModelForm):
    """Département among those the moderator moderates; proposing organisation among those
    of that territory (no other département's organisation is listed)."""

    departement = forms.ChoiceField(label=_("Département"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        scope = moderation.scope_of(self.for_user) if self.for_user else frozenset()
        codes = [code for code in served_departements() if scope is None or code in scope]
        self.fields["departement"].choices = [(code, departement_name(code)) for code in codes]
        if "organisation" in self.fields:
            organisations = Organisation.objects.order_by("name")
            if scope is not None:
                organisations = organisations.filter(commune__departement_code__in=sorted(scope))
            self.fields["organisation"].queryset = organisations


class TerritoryObjectMixin:
    """Another territory's call does not exist for this moderator (404, no leak)."""

    def get_object(self, *args, **kwargs):
        obj = super().get_object(*args, **kwargs)
        if not territory_policy.user_has_any_permission_for_instance(
            self.request.user, ["change"], obj
        ):
            raise Http404
        return obj


class CallIndexView(generic.IndexView):
    def get_base_queryset(self):
        return territory_policy.instances_user_has_any_permission_for(
            self.request.user, ["change"]
        ).select_related("organisation")


class CallCreateView(generic.CreateView):
    def save_instance(self):
        call = super().save_instance()
        editing.after_save(call, self.request.user)
        return call


class CallEditView(TerritoryObjectMixin, generic.EditView):
    def save_instance(self):
        call = super().save_instance()
        editing.after_save(call, self.request.user)
        return call


class CallDeleteView(TerritoryObjectMixin, generic.DeleteView):
    pass


def moderation_url(call) -> str:
    return reverse("moderation_preview", args=[KEY, call.pk])


class CallViewSet(ModelViewSet):
    model = CallForProjects
    name = "funding_call"
    url_prefix = "appels-a-projets"
    icon = "doc-full"
    menu_label = _("Appels à projets")
    menu_order = 160
    add_to_admin_menu = True
    index_view_class = CallIndexView
    add_view_class = CallCreateView
    edit_view_class = CallEditView
    delete_view_class = CallDeleteView
    copy_view_enabled = False
    inspect_view_enabled = False
    list_display = [
        "title",
        "kind",
        "departement",
        "deadline",
        TitleColumn(
            "status", label=_("Statut"), accessor="get_status_display", get_url=moderation_url
        ),
    ]
    list_filter = ["status", "kind"]
    search_fields = ["title", "funder", "summary"]
    edit_handler = ObjectList(
        [
            MultiFieldPanel(
                [
                    FieldPanel("kind"),
                    FieldPanel("title"),
                    FieldPanel("funder"),
                    FieldPanel("summary"),
                    FieldPanel("deadline"),
                    FieldPanel("link"),
                    FieldPanel("document"),
                ],
                heading=_("L'appel"),
            ),
            MultiFieldPanel(
                [
                    FieldPanel("eligible_kinds"),
                    FieldPanel("themes"),
                    FieldPanel("departement"),
                    FieldPanel("communes"),
                ],
                heading=_("Éligibilité"),
            ),
            MultiFieldPanel(
                [
                    FieldRowPanel(
                        [
                            FieldPanel("amount_min"),
                            FieldPanel("amount_max"),
                            FieldPanel("amount_total"),
                        ]
                    )
                ],
                heading=_("Montants"),
            ),
            FieldPanel("organisation"),
        ],
        base_form_class=CallAdminForm,
    )


@hooks.register("register_admin_viewset")
def register_call_viewset():
    return CallViewSet()
