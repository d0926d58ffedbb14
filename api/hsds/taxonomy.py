"""The one HSDS taxonomy: the data·inclusion thematiques, read from the data-inclusion-schema
package (never retyped). Its 16 categories are the top terms; each thematique
(`famille--garde-denfants`) is a child of its category (`famille`)."""

from dataclasses import dataclass
from functools import cache
from importlib.metadata import version

from data_inclusion.schema import v1

from .ids import nested_id

TAXONOMY_NAME = "data·inclusion — thématiques"
TAXONOMY_ID = nested_id("taxonomy", "data-inclusion-thematiques")
TAXONOMY_URI = "https://github.com/gip-inclusion/data-inclusion-schema"
LANGUAGE = "fr"


@dataclass(frozen=True)
class Term:
    code: str
    name: str
    parent_code: str = ""

    @property
    def id(self) -> str:
        return term_id(self.code)

    @property
    def is_top(self) -> bool:
        return not self.parent_code


def term_id(code: str) -> str:
    return nested_id("taxonomy_term", "data-inclusion", code)


@cache
def terms() -> tuple[Term, ...]:
    """Categories first, each followed by its thematiques, in the package's order."""
    children: dict[str, list[Term]] = {}
    for thematique in v1.Thematique:
        parent = thematique.value.split("--", 1)[0]
        children.setdefault(parent, []).append(Term(thematique.value, thematique.label, parent))
    result: list[Term] = []
    for category in v1.Categorie:
        result.append(Term(category.value, category.label))
        result.extend(children.get(category.value, ()))
    return tuple(result)


@cache
def terms_by_id() -> dict[str, Term]:
    return {term.id: term for term in terms()}


@cache
def terms_by_code() -> dict[str, Term]:
    return {term.code: term for term in terms()}


def thematiques_of(term: Term) -> list[str]:
    """The thematique codes a term stands for: itself, or a category's children."""
    if term.is_top:
        return [t.code for t in terms() if t.parent_code == term.code]
    return [term.code]


def taxonomy_record() -> dict:
    return {
        "id": TAXONOMY_ID,
        "name": TAXONOMY_NAME,
        "description": (
            "Nomenclature nationale des thématiques de l'insertion et de l'action sociale "
            "(data·inclusion) : catégories et thématiques."
        ),
        "uri": TAXONOMY_URI,
        "version": version("data-inclusion-schema"),
    }


def term_record(term: Term, with_taxonomy: bool = True) -> dict:
    parent = terms_by_code().get(term.parent_code)
    record = {
        "id": term.id,
        "code": term.code,
        "name": term.name,
        "description": f"{parent.name} : {term.name}" if parent else term.name,
        "taxonomy": TAXONOMY_NAME,
        "taxonomy_id": TAXONOMY_ID,
        "language": LANGUAGE,
    }
    if parent:
        record["parent_id"] = parent.id
    if with_taxonomy:
        record["taxonomy_detail"] = taxonomy_record()
    return record
