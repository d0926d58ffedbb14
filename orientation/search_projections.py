""" "Qui appeler ?" situations in search: a query for "incurie", "Diogène" or "impayés" proposes
the matching situation, whose link opens the orientation page with it chosen.

A situation's document carries the glossary terms linked to it (term, acronym, synonyms) as
keywords, so a term moderators link to a situation leads to it; saving a term reindexes its
situation."""

from __future__ import annotations

from urllib.parse import urlencode

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from search.registry import Projection, SearchDoc, register, register_dependents

from .models import GlossaryTerm, Situation, split_synonyms


def situation_url(situation: Situation) -> str:
    return f"{reverse('orientation:index')}?{urlencode({'situation': situation.slug})}"


@register
class SituationProjection(Projection):
    kind = "situation"
    label = _("Qui appeler ?")
    model = Situation

    def queryset(self):
        return Situation.objects.prefetch_related("glossary_terms")

    def document(self, obj) -> SearchDoc:
        keywords = []
        for term in obj.glossary_terms.all():
            keywords.extend(p for p in (term.acronym, term.term) if p)
            keywords.extend(split_synonyms(term.synonyms))
        return SearchDoc(
            title=obj.label,
            url=situation_url(obj),
            body=obj.description,
            keywords=keywords,
            thematiques=list(obj.thematiques),
            publics=list(obj.publics),
        )


def _situation_of(term: GlossaryTerm) -> list[Situation]:
    return [term.situation] if term.situation_id else []


register_dependents(GlossaryTerm, _situation_of)
