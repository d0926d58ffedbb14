"""Directory in the Wagtail admin: organisations, services and residences edited by their
own organisation's members (scoped by `directory.permissions`), and the moderation queue."""

from django.contrib.auth import get_user_model
from django.http import Http404
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
    ObjectList,
)
from wagtail.admin.ui.tables import TitleColumn
from wagtail.admin.views import generic
from wagtail.admin.views.generic import history, usage
from wagtail.admin.viewsets.model import ModelViewSet, ModelViewSetGroup
from wagtail.admin.widgets import Button
from wagtail.permissions import register_permission_policy

from accounts.roles import moderated_departements
from core.admin_views import moderation_preview, moderation_queue

from . import duplicates, duplicates_admin
from .freshness_views import freshness_page, verify_in_admin
from .hours_field import use_opening_hours_grid, use_opening_hours_grid_inline
from .models import (
    FRESHNESS_STAGE,
    UPDATE_REMINDER,
    VERIFIED,
    MembershipRole,
    Organisation,
    OrganisationKind,
    Residence,
    Service,
)
from .permissions import organisation_policy, organisations_for, residence_policy, service_policy
from .roles import managed_organisation_ids

register_permission_policy(Organisation, organisation_policy)
register_permission_policy(Service, service_policy)
register_permission_policy(Residence, residence_policy)


# --- Scoped views ---------------------------------------------------------------------------------
class ScopedObjectMixin:
    """Another organisation's entry does not exist for this user (404, not 403: no leak)."""

    def get_object(self, *args, **kwargs):
        obj = super().get_object(*args, **kwargs)
        allowed = self.permission_policy.user_has_any_permission_for_instance(
            self.request.user, ["change", "view", "delete"], obj
        )
        if not allowed:
            raise Http404
        return obj


class ScopedIndexView(generic.IndexView):
    def get_base_queryset(self):
        return self.permission_policy.instances_user_has_any_permission_for(
            self.request.user, ["change", "view"]
        ).select_related(*self.related_fields)

    @property
    def related_fields(self):
        return {
            Organisation: ["commune"],
            Service: ["organisation", "commune"],
            Residence: ["landlord", "commune"],
        }[self.model]


# Saving is not verifying: `verified_at` changes only through `directory.freshness` (the
# « J'ai vérifié » action below, the one-click link, a moderator's publication, imports).
class ScopedCreateView(generic.CreateView):
    pass


class ScopedEditView(ScopedObjectMixin, generic.EditView):
    @cached_property
    def header_more_buttons(self):
        buttons = super().header_more_buttons
        if isinstance(self.object, Organisation):
            url = reverse("directory_verify_organisation", args=[self.object.pk])
            buttons.append(Button(_("J'ai vérifié : tout est à jour"), url=url, icon_name="tick"))
        return buttons


class ScopedDeleteView(ScopedObjectMixin, generic.DeleteView):
    pass


class ScopedHistoryView(ScopedObjectMixin, history.HistoryView):
    pass


class ScopedUsageView(ScopedObjectMixin, usage.UsageView):
    pass


# --- Forms ----------------------------------------------------------------------------------------
class OrganisationForm(WagtailAdminModelForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        use_opening_hours_grid(self)


class ServiceForm(WagtailAdminModelForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        use_opening_hours_grid(self)
        use_opening_hours_grid_inline(self, "stops")
        if self.for_user is not None and "organisation" in self.fields:
            self.fields["organisation"].queryset = organisations_for(self.for_user)


class ResidenceForm(WagtailAdminModelForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        use_opening_hours_grid_inline(self, "referents")
        user = self.for_user
        if user is None:
            return
        landlords = Organisation.objects.filter(kind=OrganisationKind.LANDLORD)
        gardiens = get_user_model().objects.filter(memberships__role=MembershipRole.GARDIEN)
        if not user.is_superuser:
            # Only the user's own landlords, and only their own staff: no other user leaks.
            managed = managed_organisation_ids(user)
            landlords = landlords.filter(pk__in=managed)
            gardiens = gardiens.filter(memberships__organisation__in=managed)
        if "landlord" in self.fields:
            self.fields["landlord"].queryset = landlords
        if "gardiens" in self.fields:
            self.fields["gardiens"].queryset = gardiens.distinct()


def moderation_url(entry) -> str:
    return reverse("moderation_preview", args=[entry._meta.model_name, entry.pk])


status_column = TitleColumn(
    "status", label=_("Statut"), accessor="get_status_display", get_url=moderation_url
)


# --- Viewsets -------------------------------------------------------------------------------------
class ScopedViewSet(ModelViewSet):
    index_view_class = ScopedIndexView
    add_view_class = ScopedCreateView
    edit_view_class = ScopedEditView
    delete_view_class = ScopedDeleteView
    history_view_class = ScopedHistoryView
    usage_view_class = ScopedUsageView
    copy_view_enabled = False
    inspect_view_enabled = False


class OrganisationViewSet(ScopedViewSet):
    model = Organisation
    name = "directory_organisation"
    url_prefix = "annuaire/organisations"
    icon = "group"
    menu_label = _("Organisations")
    list_display = ["name", "typology", "commune", status_column, "verified_at", "freshness_stage"]
    list_filter = ["status", "kind", "typology"]
    search_fields = ["name", "description"]
    edit_handler = ObjectList(
        [
            MultiFieldPanel(
                [
                    FieldPanel("name"),
                    FieldPanel("slug"),
                    FieldRowPanel([FieldPanel("kind"), FieldPanel("typology")]),
                    FieldPanel("description"),
                    FieldPanel("publics"),
                    FieldPanel("tags"),
                ],
                heading=_("Présentation"),
            ),
            MultiFieldPanel(
                [
                    FieldPanel("address"),
                    FieldPanel("address_complement"),
                    FieldRowPanel([FieldPanel("postcode"), FieldPanel("commune")]),
                    FieldPanel("accessibility"),
                ],
                heading=_("Adresse"),
            ),
            MultiFieldPanel(
                [
                    FieldRowPanel([FieldPanel("phone"), FieldPanel("email")]),
                    FieldPanel("website"),
                    FieldPanel("opening_hours"),
                    FieldRowPanel([FieldPanel("closed_from"), FieldPanel("closed_until")]),
                    FieldPanel("closure_message"),
                ],
                heading=_("Contact et horaires"),
            ),
            MultiFieldPanel(
                [
                    FieldRowPanel([FieldPanel("siret"), FieldPanel("finess")]),
                    FieldPanel("reseaux_porteurs"),
                    FieldPanel("update_frequency"),
                ],
                heading=_("Identification"),
            ),
            duplicates_admin.ProvenancePanel(),
        ],
        base_form_class=OrganisationForm,
    )


class ServiceViewSet(ScopedViewSet):
    model = Service
    name = "directory_service"
    url_prefix = "annuaire/services"
    icon = "list-ul"
    menu_label = _("Services")
    list_display = ["name", "organisation", status_column, "verified_at", "freshness_stage"]
    list_filter = ["status", "fees", "contact_is_professional_only"]
    search_fields = ["name", "description"]
    edit_handler = ObjectList(
        [
            MultiFieldPanel(
                [
                    FieldPanel("organisation"),
                    FieldPanel("name"),
                    FieldPanel("slug"),
                    FieldPanel("description"),
                    FieldPanel("categories"),
                    FieldPanel("thematiques"),
                    FieldPanel("types"),
                    FieldPanel("tags"),
                ],
                heading=_("Le service"),
            ),
            MultiFieldPanel(
                [
                    FieldPanel("publics"),
                    FieldPanel("publics_details"),
                    FieldPanel("access_conditions"),
                    FieldRowPanel([FieldPanel("fees"), FieldPanel("fees_details")]),
                    FieldPanel("eligibility_zone"),
                ],
                heading=_("Pour qui"),
            ),
            MultiFieldPanel(
                [
                    FieldPanel("reception_modes"),
                    FieldPanel("address"),
                    FieldRowPanel([FieldPanel("postcode"), FieldPanel("commune")]),
                    FieldPanel("opening_hours"),
                    FieldRowPanel([FieldPanel("closed_from"), FieldPanel("closed_until")]),
                    FieldPanel("closure_message"),
                ],
                heading=_("Où et quand"),
            ),
            MultiFieldPanel(
                [FieldRowPanel([FieldPanel("capacity"), FieldPanel("capacity_until")])],
                heading=_("Places disponibles"),
            ),
            InlinePanel("stops", heading=_("Tournée (équipes mobiles)"), label=_("Étape")),
            MultiFieldPanel(
                [
                    FieldPanel("mobilisation_modes"),
                    FieldPanel("mobilised_by"),
                    FieldPanel("mobilisation_link"),
                    FieldPanel("mobilisation_details"),
                    FieldRowPanel([FieldPanel("phone"), FieldPanel("email")]),
                    FieldPanel("contact_is_professional_only"),
                    FieldPanel("update_frequency"),
                ],
                heading=_("Comment le mobiliser"),
            ),
            FieldPanel("source_quality_score", read_only=True),
            duplicates_admin.ProvenancePanel(),
        ],
        base_form_class=ServiceForm,
    )


class ResidenceViewSet(ScopedViewSet):
    model = Residence
    name = "directory_residence"
    url_prefix = "annuaire/residences"
    icon = "home"
    menu_label = _("Résidences")
    list_display = ["name", "landlord", "commune", "units"]
    search_fields = ["name", "address"]
    edit_handler = ObjectList(
        [
            FieldPanel("landlord"),
            FieldPanel("name"),
            FieldPanel("slug"),
            FieldPanel("address"),
            FieldRowPanel([FieldPanel("postcode"), FieldPanel("commune")]),
            FieldRowPanel([FieldPanel("units"), FieldPanel("has_lift")]),
            FieldPanel("accessibility"),
            FieldPanel("gardiens"),
            InlinePanel(
                "referents",
                heading=_("D'abord, votre bailleur : vos contacts pour cette résidence"),
                label=_("Contact"),
                panels=[
                    FieldRowPanel([FieldPanel("role"), FieldPanel("label")]),
                    FieldRowPanel([FieldPanel("phone"), FieldPanel("email")]),
                    FieldPanel("opening_hours"),
                    FieldPanel("is_public"),
                ],
            ),
        ],
        base_form_class=ResidenceForm,
    )


class DirectoryViewSetGroup(ModelViewSetGroup):
    menu_label = _("Annuaire")
    menu_icon = "folder-open-inverse"
    menu_order = 150
    items = [OrganisationViewSet, ServiceViewSet, ResidenceViewSet]


@hooks.register("register_admin_viewset")
def register_directory_viewsets():
    return DirectoryViewSetGroup()


# --- Freshness of the sheets (moderators) --------------------------------------------------------
class FreshnessMenuItem(MenuItem):
    def is_shown(self, request):
        return moderated_departements(request.user) != frozenset()


@hooks.register("register_admin_menu_item")
def register_freshness_menu_item():
    return FreshnessMenuItem(
        _("Fraîcheur des fiches"), reverse("directory_freshness"), icon_name="time", order=151
    )


@hooks.register("register_admin_urls")
def register_freshness_urls():
    return [
        path("annuaire/fraicheur/", freshness_page, name="directory_freshness"),
        path(
            "annuaire/organisations/<int:pk>/verifier/",
            verify_in_admin,
            name="directory_verify_organisation",
        ),
    ]


# --- Moderation (the queue and preview are core's; these URLs stay for old links) -------------
@hooks.register("register_admin_urls")
def register_moderation_urls():
    return [
        path("annuaire/moderation/", moderation_queue, name="directory_moderation_queue"),
        path(
            "annuaire/moderation/<str:key>/<int:pk>/",
            moderation_preview,
            name="directory_moderate",
        ),
    ]


@hooks.register("register_log_actions")
def register_legacy_moderation_log_actions(actions):
    """Labels of the audit log rows written before the workflow moved to `core`."""
    actions.register_action("directory.submit", _("Soumission"), _("Soumise à validation"))
    actions.register_action("directory.publish", _("Publication"), _("Publiée par la modération"))
    actions.register_action("directory.refuse", _("Refus"), _("Refusée par la modération"))
    actions.register_action("directory.archive", _("Archivage"), _("Archivée"))


@hooks.register("register_log_actions")
def register_update_reminder_log_action(actions):
    actions.register_action(
        UPDATE_REMINDER, _("Rappel d'actualisation"), _("Rappel d'actualisation envoyé")
    )
    actions.register_action(VERIFIED, _("Vérification"), _("Fiches vérifiées : tout est à jour"))
    actions.register_action(
        FRESHNESS_STAGE, _("Relance de fraîcheur"), _("Étape de relance atteinte")
    )


# --- Duplicates (directory.duplicates): the moderators' queue and its audit-log rows ----------
class DuplicatesMenuItem(MenuItem):
    def is_shown(self, request):
        return duplicates_admin.can_open_duplicates(request.user)


@hooks.register("register_admin_menu_item")
def register_duplicates_menu_item():
    return DuplicatesMenuItem(
        _("Doublons de l'annuaire"),
        reverse("directory_duplicates"),
        icon_name="duplicate",
        order=153,
    )


@hooks.register("register_admin_urls")
def register_duplicates_urls():
    return [
        path("annuaire/doublons/", duplicates_admin.duplicates_index, name="directory_duplicates"),
        path(
            "annuaire/doublons/<int:pk>/",
            duplicates_admin.duplicate_detail,
            name="directory_duplicate",
        ),
    ]


@hooks.register("register_log_actions")
def register_duplicates_log_actions(actions):
    actions.register_action(
        duplicates.MERGE_ACTION, _("Fusion"), _("Doublon fusionné dans la fiche")
    )
    actions.register_action(
        duplicates.MERGED_ACTION, _("Fusionnée"), _("Fusionnée dans une autre fiche (doublon)")
    )
    actions.register_action(
        duplicates.DISMISS_ACTION, _("Pas un doublon"), _("Paire de doublons écartée")
    )
