"""Admin choosers of directory entries for the guides' contact blocks: published entries only,
searchable by name (registered in `wagtail_hooks.py`)."""

from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic.chooser import ChooseResultsView, ChooseView
from wagtail.admin.viewsets.chooser import ChooserViewSet
from wagtail.coreutils import resolve_model_string

from directory.vocabularies import Status


class PublishedOnlyMixin:
    """Guides show published entries only: offer nothing else."""

    def get_object_list(self):
        model = resolve_model_string(self.model)
        return model._default_manager.filter(status=Status.PUBLISHED).order_by("name")

    def filter_object_list(self, objects):
        query = self.request.GET.get("q", "").strip()
        if query:
            objects = objects.filter(name__icontains=query)
        return objects


class ServiceChooseMixin(PublishedOnlyMixin):
    def get_object_list(self):
        return super().get_object_list().select_related("organisation")

    @property
    def columns(self):
        return [
            *super().columns,
            Column("organisation", label=_("Organisation"), accessor="organisation"),
        ]


class ServiceChooseView(ServiceChooseMixin, ChooseView):
    pass


class ServiceChooseResultsView(ServiceChooseMixin, ChooseResultsView):
    pass


class OrganisationChooseView(PublishedOnlyMixin, ChooseView):
    pass


class OrganisationChooseResultsView(PublishedOnlyMixin, ChooseResultsView):
    pass


class ServiceChooserViewSet(ChooserViewSet):
    model = "directory.Service"
    icon = "list-ul"
    choose_one_text = _("Choisir un service")
    choose_another_text = _("Choisir un autre service")
    choose_view_class = ServiceChooseView
    choose_results_view_class = ServiceChooseResultsView
    register_widget = False
    url_prefix = "guides/choisir-service"


class OrganisationChooserViewSet(ChooserViewSet):
    model = "directory.Organisation"
    icon = "group"
    choose_one_text = _("Choisir une organisation")
    choose_another_text = _("Choisir une autre organisation")
    choose_view_class = OrganisationChooseView
    choose_results_view_class = OrganisationChooseResultsView
    register_widget = False
    url_prefix = "guides/choisir-organisation"


class GlossaryTermChooseMixin:
    def filter_object_list(self, objects):
        query = self.request.GET.get("q", "").strip()
        if query:
            objects = objects.filter(Q(term__icontains=query) | Q(acronym__iexact=query))
        return objects


class GlossaryTermChooseView(GlossaryTermChooseMixin, ChooseView):
    pass


class GlossaryTermChooseResultsView(GlossaryTermChooseMixin, ChooseResultsView):
    pass


class GlossaryTermChooserViewSet(ChooserViewSet):
    model = "orientation.GlossaryTerm"
    icon = "title"
    choose_one_text = _("Choisir un terme du glossaire")
    choose_another_text = _("Choisir un autre terme")
    choose_view_class = GlossaryTermChooseView
    choose_results_view_class = GlossaryTermChooseResultsView
    register_widget = False
    url_prefix = "guides/choisir-terme"


service_chooser_viewset = ServiceChooserViewSet("guides_service_chooser")
organisation_chooser_viewset = OrganisationChooserViewSet("guides_organisation_chooser")
glossary_term_chooser_viewset = GlossaryTermChooserViewSet("guides_glossary_term_chooser")

_BY_MODEL = {
    "directory.Service": service_chooser_viewset,
    "directory.Organisation": organisation_chooser_viewset,
    "orientation.GlossaryTerm": glossary_term_chooser_viewset,
}


def chooser_viewset_for(model_label: str) -> ChooserViewSet:
    return _BY_MODEL[model_label]
