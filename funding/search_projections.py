"""How calls for projects appear in search (`search.registry`): published and closed calls,
indexed on every save (their status is on the model), with their deadline as extra data."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from search.registry import Projection, SearchDoc, object_url, register, register_facet_labels

from .models import PUBLIC_STATUSES, CallForProjects, CallKind

register_facet_labels("category", {f"funding:{value}": label for value, label in CallKind.choices})


@register
class CallForProjectsProjection(Projection):
    kind = "funding_call"
    label = _("Appel à projets")
    model = CallForProjects

    def queryset(self):
        return CallForProjects.objects.public()

    def is_indexable(self, obj) -> bool:
        return obj.status in PUBLIC_STATUSES

    def document(self, obj) -> SearchDoc:
        return SearchDoc(
            title=obj.title,
            url=object_url(obj),
            body=obj.summary,
            keywords=[obj.funder, str(obj.get_kind_display()), *obj.theme_labels()],
            categories=[f"funding:{obj.kind}", *obj.themes],
            updated_at=obj.updated_at,
            extra={"deadline": obj.deadline.isoformat(), "status": obj.status},
        )
