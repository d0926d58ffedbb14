"""Which published ESS offers answer a landlord's call for services — a pure function.

Hard constraints (any one failing excludes the offer):
- family: the offer belongs to the family the call asks for (same vocabulary, `OfferFamily`);
- territory: the offer covers at least one of the call's communes (its residences' and the
  communes named), or the call's département when it names none;
- audience: when both name their audience (`OfferTarget`), they share one;
- period: the call's period has not already ended on the day the matching runs.

Then a 0–100 score weighs the share of the call's communes covered (`WEIGHTS["territory"]`),
the audience fit and the family, with reasons rendered in the reader's language.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.utils.formats import date_format
from django.utils.translation import gettext

from .vocabularies import OfferFamily, OfferTarget

WEIGHTS = {"family": 40, "territory": 40, "audience": 20}


@dataclass(frozen=True)
class CallFacts:
    id: int
    family: str
    audience: frozenset[str]
    commune_codes: frozenset[str]
    departement: str
    period_start: date
    period_end: date | None


@dataclass(frozen=True)
class OfferFacts:
    id: int
    provider_id: int
    family: str
    targets: frozenset[str]
    coverage_communes: frozenset[str]
    coverage_departement: str

    def covers(self, insee_code: str) -> bool:
        if self.coverage_communes:
            return insee_code in self.coverage_communes
        return insee_code.startswith(self.coverage_departement)


@dataclass(frozen=True)
class CallReason:
    """Why an offer fits a call, stored as (code, params), rendered when read."""

    code: str
    params: dict = field(default_factory=dict)

    def __str__(self) -> str:
        p = self.params
        if self.code == "family":
            return gettext("famille : %(family)s") % {
                "family": dict(OfferFamily.choices).get(p["family"], p["family"])
            }
        if self.code == "coverage":
            return gettext("couvre %(covered)s commune(s) sur %(total)s") % p
        if self.code == "departement":
            return gettext("couvre le département %(code)s") % p
        if self.code == "audience":
            labels = dict(OfferTarget.choices)
            names = ", ".join(str(labels.get(code, code)) for code in p["audience"])
            return gettext("public commun : %(audience)s") % {"audience": names}
        if self.code == "period":
            start = date_format(date.fromisoformat(p["start"]), "SHORT_DATE_FORMAT")
            if p.get("end"):
                end = date_format(date.fromisoformat(p["end"]), "SHORT_DATE_FORMAT")
                return gettext("période du %(start)s au %(end)s") % {"start": start, "end": end}
            return gettext("à partir du %(start)s") % {"start": start}
        return self.code

    def to_json(self) -> dict:
        return {"code": self.code, "params": self.params}

    @classmethod
    def from_json(cls, data: dict) -> CallReason:
        return cls(code=data["code"], params=data.get("params", {}))


@dataclass(frozen=True)
class CallEvaluation:
    failed: tuple[str, ...]
    score: int = 0
    reasons: tuple[CallReason, ...] = ()

    @property
    def is_match(self) -> bool:
        return not self.failed


def evaluate_call(call: CallFacts, offer: OfferFacts, today: date) -> CallEvaluation:
    """Check the hard constraints, then score the offer for the call from 0 to 100."""
    failed = []
    if offer.family != call.family:
        failed.append("family")

    if call.commune_codes:
        covered = sorted(code for code in call.commune_codes if offer.covers(code))
        if not covered:
            failed.append("territory")
    else:
        covered = []
        if offer.coverage_communes:
            in_departement = any(c.startswith(call.departement) for c in offer.coverage_communes)
        else:
            in_departement = offer.coverage_departement == call.departement
        if not in_departement:
            failed.append("territory")

    common = call.audience & offer.targets
    if call.audience and offer.targets and not common:
        failed.append("audience")

    if call.period_end is not None and call.period_end < today:
        failed.append("period")

    if failed:
        return CallEvaluation(failed=tuple(failed))

    reasons = [CallReason("family", {"family": call.family})]
    if call.commune_codes:
        territory_fit = len(covered) / len(call.commune_codes)
        reasons.append(
            CallReason("coverage", {"covered": len(covered), "total": len(call.commune_codes)})
        )
    else:
        territory_fit = 1.0 if not offer.coverage_communes else 0.5
        reasons.append(CallReason("departement", {"code": call.departement}))

    if common:
        audience_fit = 1.0
        reasons.append(CallReason("audience", {"audience": sorted(common)}))
    else:
        audience_fit = 0.5  # one side did not say: neither a fit nor a misfit

    period = {"start": call.period_start.isoformat()}
    if call.period_end:
        period["end"] = call.period_end.isoformat()
    reasons.append(CallReason("period", period))

    score = round(
        WEIGHTS["family"]
        + WEIGHTS["territory"] * territory_fit
        + WEIGHTS["audience"] * audience_fit
    )
    return CallEvaluation(failed=(), score=max(0, min(100, score)), reasons=tuple(reasons))


def best_offer_per_provider(
    call: CallFacts, offers, today: date
) -> dict[int, tuple[OfferFacts, CallEvaluation]]:
    """For each provider, its best matching offer (highest score, then lowest id)."""
    best: dict[int, tuple[OfferFacts, CallEvaluation]] = {}
    for offer in sorted(offers, key=lambda o: o.id):
        evaluation = evaluate_call(call, offer, today)
        if not evaluation.is_match:
            continue
        current = best.get(offer.provider_id)
        if current is None or evaluation.score > current[1].score:
            best[offer.provider_id] = (offer, evaluation)
    return best
