"""A reader never meets an acronym the glossary does not define (issue #15): every label of
our vocabularies is checked against the default glossary. `undefined_acronyms` is the same
function page-rendering tests call on rendered pages."""

import re

import pytest

import demo.directory_content
import demo.guides
from directory.vocabularies import Category, Typology
from home.models import NATIONAL_EMERGENCY_NUMBERS
from orientation import defaults
from orientation.glossary import acronyms_in, undefined_acronyms

KNOWN = {acronym for acronym, _term, _definition, _situation in defaults.GLOSSARY if acronym}
_TAG = re.compile(r"<[^>]+>")


def _strings(value):
    """Every string inside nested dicts and lists, without HTML tags."""
    if isinstance(value, str):
        yield _TAG.sub(" ", value)
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _strings(item)


def _vocabulary_texts():
    yield from (("typologie", str(label)) for _value, label in Typology.choices)
    yield from (("catégorie", str(label)) for _value, label in Category.choices)
    for situation in defaults.SITUATIONS:
        where = f"situation {situation['slug']}"
        yield where, situation["label"]
        yield where, situation["description"]
        yield from ((where, question) for question in situation["questions"])
    for number, label, description in NATIONAL_EMERGENCY_NUMBERS:
        yield f"numéro d'urgence {number}", f"{label} {description}"
    for acronym, term, definition, _situation in defaults.GLOSSARY:
        yield f"glossaire {acronym or term}", f"{term} {definition}"
    for name, value in vars(demo.guides).items():
        if name.isupper() and isinstance(value, dict | list):
            yield from ((f"guide {name}", text) for text in _strings(value))
    # The demo directory's names and descriptions (opening hours are not prose: left out).
    for name, value in vars(demo.directory_content).items():
        if name.isupper() and "HOURS" not in name and isinstance(value, dict | list):
            yield from ((f"annuaire de démo {name}", text) for text in _strings(value))


def test_acronyms_are_words_of_capitals_not_roman_numerals_nor_everyday_words():
    text = "Le CCAS et l'ÉSAT (XIVe, chapitre II, page IV) ; un PDF, un QR code, par SMS. Clic."
    assert acronyms_in(text) == {"CCAS", "ÉSAT"}
    assert undefined_acronyms(text, {"ccas"}) == {"ÉSAT"}
    assert undefined_acronyms("MDPH/PCH, l'APA.", {"MDPH", "PCH", "APA"}) == set()


def test_every_acronym_our_vocabularies_show_is_in_the_glossary():
    undefined = {}
    for where, text in _vocabulary_texts():
        for acronym in undefined_acronyms(text, KNOWN):
            undefined.setdefault(acronym, where)
    assert undefined == {}


@pytest.mark.parametrize(
    "acronym",
    # The acronyms a gardien meets in the seeds, and the organisation types of issue #15.
    [
        "APA",
        "PCH",
        "FSL",
        "CCAPEX",
        "ADIL",
        "CAF",
        "CPAM",
        "CARSAT",
        "MDPH",
        "TFPB",
        "CMP",
        "EMPP",
        "SCHS",
        "CLIC",
        "CCAS",
        "SAAD",
        "SSIAD",
        "SPASAD",
        "DAC",
        "PCB",
        "AAH",
        "ESS",
        "SIAO",
        "EHPAD",
        "CHRS",
        "SOLIHA",
        "AVDL",
        "GLA",
        "IML",
        "CLSM",
        "GEM",
        "CSAPA",
        "PIMMS",
        "CIDFF",
        "MJPM",
        "UDAF",
        "CESF",
        "HLM",
        "DALO",
        "SPIP",
    ],
)
def test_the_glossary_defines_the_acronyms_a_gardien_meets(acronym):
    assert acronym in KNOWN


def test_incurie_and_diogene_are_explained_and_lead_to_the_incurie_situation():
    situations = {term: situation for _acronym, term, _definition, situation in defaults.GLOSSARY}
    assert situations["Incurie"] == "logement-encombre"
    assert situations["Syndrome de Diogène"] == "logement-encombre"
    assert "logement-encombre" in {s["slug"] for s in defaults.SITUATIONS}
