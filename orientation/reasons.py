"""Why a service is proposed, in plain French: « centre médico-psychologique de secteur »,
« répond à : santé mentale », « intervient à domicile », « couvre Montreuil », « à 1,2 km »,
« ouvert maintenant », « complet pour le moment ». Never a raw code or « structure de type »."""

from datetime import date

from django.utils.formats import number_format
from django.utils.translation import gettext as _

from directory.label_translations import vocabulary_label
from directory.opening import format_date
from directory.vocabularies import PUBLIC_LABELS, THEMATIQUE_LABELS, TYPOLOGY_REASONS

from .ranking import Reason, ReasonKind


def _lower_first(label) -> str:
    label = str(label)
    return label[:1].lower() + label[1:]


def _typology_phrase(value) -> str:
    phrase = TYPOLOGY_REASONS.get(value)
    if phrase is None:
        raise ValueError(f"no reason phrase for the typology {value!r}")
    return str(phrase)


def _day(value: str) -> str:
    return format_date(date.fromisoformat(value), with_year=True)


def describe(reason: Reason) -> str:
    kind, value = reason.kind, reason.value
    if kind in (ReasonKind.PRIMARY, ReasonKind.TYPOLOGY):
        return _typology_phrase(value)
    if kind == ReasonKind.THEMATIQUE:
        if value not in THEMATIQUE_LABELS:
            raise ValueError(f"unknown thematique {value!r}")
        label = vocabulary_label("thematiques", value)
        return _("répond à : %(label)s") % {"label": _lower_first(label)}
    if kind == ReasonKind.PUBLIC:
        if value not in PUBLIC_LABELS:
            raise ValueError(f"unknown public {value!r}")
        label = vocabulary_label("publics", value)
        return _("pour le public : %(label)s") % {"label": _lower_first(label)}
    if kind == ReasonKind.AT_HOME:
        return _("intervient à domicile")
    if kind == ReasonKind.COVERS:
        return _("couvre %(place)s") % {"place": value}
    if kind == ReasonKind.DISTANCE:
        return _("à %(km)s km") % {"km": number_format(value, 1)}
    if kind == ReasonKind.OPEN_NOW:
        return _("ouvert maintenant")
    if kind == ReasonKind.FULL:
        return _("complet pour le moment : proposé après les autres")
    if kind == ReasonKind.WAITING_LIST:
        if value:
            return _("liste d'attente jusqu'au %(date)s") % {"date": _day(value)}
        return _("liste d'attente")
    if kind == ReasonKind.CLOSED:
        if value and value != "-":
            return _("fermé jusqu'au %(date)s : proposé après les autres") % {"date": _day(value)}
        return _("fermé temporairement : proposé après les autres")
    raise ValueError(f"unknown reason {kind!r}")


def describe_all(reasons) -> list[str]:
    return [describe(reason) for reason in reasons]
