"""What a widget's page searches: the visitor's words and choices, inside the widget's filters.

Each filter of the widget (communes, categories, situations, kinds) is forced on the search
query; an empty filter means « all ». The visitor may narrow one value of each filter among
the widget's own (or among all, where the widget sets none), never step outside: a value the
widget does not offer is a `QueryError`. A situation of « Qui appeler ? » stands for its
data·inclusion thematiques. Filters combine like the search page's facets: a result matches
every filter the widget sets (organisations have no category: a widget with categories shows
services).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from directory.models import Commune
from directory.vocabularies import Category
from orientation.models import Situation
from search.query import MAX_PAGE, QueryError, SearchQuery
from search.registry import kind_labels

PER_PAGE = 10
# Parameters of the widget's search form.
PARAMS = ("q", "commune", "categorie", "situation", "type", "page")


@dataclass
class Choices:
    """The values the visitor may pick in each filter, as (value, label) pairs."""

    communes: list[tuple[str, str]] = field(default_factory=list)
    categories: list[tuple[str, str]] = field(default_factory=list)
    situations: list[tuple[str, str]] = field(default_factory=list)
    kinds: list[tuple[str, str]] = field(default_factory=list)


def situations_with_answers():
    """Situations that stand for at least one thematique (a danger-only situation names no
    service to search)."""
    return Situation.objects.exclude(thematiques=[])


def kind_choices() -> list[tuple[str, str]]:
    return sorted(((kind, str(label)) for kind, label in kind_labels().items()), key=lambda c: c[1])


def category_choices() -> list[tuple[str, str]]:
    return [(value, str(label)) for value, label in Category.choices]


def choices_for(widget) -> Choices:
    """What the widget's form offers: the widget's own values, or every value if it sets none."""
    communes = Commune.objects.served()
    if widget.communes:
        communes = communes.filter(insee_code__in=widget.communes)
    situations = situations_with_answers()
    chosen = list(widget.situations.all())
    if chosen:
        situations = situations.filter(pk__in=[s.pk for s in chosen])
    categories = category_choices()
    if widget.categories:
        categories = [c for c in categories if c[0] in widget.categories]
    kinds = kind_choices()
    if widget.kinds:
        kinds = [k for k in kinds if k[0] in widget.kinds]
    return Choices(
        communes=[(c.insee_code, c.name) for c in communes.order_by("name")],
        categories=categories,
        situations=[(s.slug, s.label) for s in situations],
        kinds=kinds,
    )


def _picked(params, name: str, offered: list[tuple[str, str]]) -> str:
    value = (params.get(name) or "").strip()
    if value and value not in {v for v, _label in offered}:
        raise QueryError(_("Ce choix n'est pas proposé par ce module."))
    return value


def _page(params) -> int:
    raw = (params.get("page") or "1").strip()
    if not raw.isdigit() or not 1 <= int(raw) <= MAX_PAGE:
        raise QueryError(_("Numéro de page invalide."))
    return int(raw)


def scoped_query(widget, params, choices: Choices) -> SearchQuery | None:
    """The search the page runs, or None when the widget's scope can match nothing (its
    situations lost their thematiques). Raises QueryError for a value outside the widget."""
    commune = _picked(params, "commune", choices.communes)
    category = _picked(params, "categorie", choices.categories)
    situation = _picked(params, "situation", choices.situations)
    kind = _picked(params, "type", choices.kinds)
    if situation:
        situations = [Situation.objects.get(slug=situation)]
    else:
        situations = list(widget.situations.all())
    thematiques = sorted({t for s in situations for t in s.thematiques})
    if situations and not thematiques:
        return None
    return SearchQuery(
        text=params.get("q") or "",
        communes=(commune,) if commune else tuple(widget.communes),
        categories=(category,) if category else tuple(widget.categories),
        thematiques=tuple(thematiques),
        kinds=(kind,) if kind else tuple(widget.kinds),
        page=_page(params),
        per_page=PER_PAGE,
        # Inside someone else's site: public documents and contacts only, whoever looks.
        user_is_professional=False,
    )
