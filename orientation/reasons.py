"""Why a service is proposed, in French: « thématique santé mentale », « intervient à
domicile », « couvre Montreuil », « à 1,2 km », « ouvert maintenant »."""

from django.utils.formats import number_format
from django.utils.translation import gettext as _

from directory.vocabularies import PUBLIC_LABELS, THEMATIQUE_LABELS

from .ranking import Reason, ReasonKind


def describe(reason: Reason) -> str:
    kind, value = reason.kind, reason.value
    if kind == ReasonKind.TYPOLOGY:
        return _("structure de type %(typology)s") % {"typology": value}
    if kind == ReasonKind.THEMATIQUE:
        label = str(THEMATIQUE_LABELS.get(value, value))
        return _("thématique %(label)s") % {"label": label[:1].lower() + label[1:]}
    if kind == ReasonKind.PUBLIC:
        label = str(PUBLIC_LABELS.get(value, value))
        return _("pour le public : %(label)s") % {"label": label[:1].lower() + label[1:]}
    if kind == ReasonKind.AT_HOME:
        return _("intervient à domicile")
    if kind == ReasonKind.COVERS:
        return _("couvre %(place)s") % {"place": value}
    if kind == ReasonKind.DISTANCE:
        return _("à %(km)s km") % {"km": number_format(value, 1)}
    if kind == ReasonKind.OPEN_NOW:
        return _("ouvert maintenant")
    raise ValueError(f"unknown reason {kind!r}")


def describe_all(reasons) -> list[str]:
    return [describe(reason) for reason in reasons]
