"""Reading and checking the schema.org JSON-LD of a rendered page.

`json_ld(response)` extracts it the way search engines' tools do (extruct, from PyPI);
`vocabulary_problems(data)` checks every @type, property and enumeration value against
schema.org's vocabulary (tests/fixtures/schemaorg/vocabulary.json, release 30.0, CC BY-SA 3.0,
trimmed by scripts/schemaorg_vocabulary.py): a type that does not exist, a property unknown
or not expected on that type (schema.org's domainIncludes, through the type's ancestors), an
enumeration member that is not one."""

import json
import re
from functools import cache
from pathlib import Path

import extruct

VOCABULARY_FILE = Path(__file__).parent / "fixtures" / "schemaorg" / "vocabulary.json"
SCHEMA = "https://schema.org/"
# ISO 8601 date-time with its offset (« 2026-12-10T14:00:00+01:00 »).
DATETIME_WITH_OFFSET = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d)?([+-]\d\d:\d\d|Z)$")


@cache
def vocabulary() -> dict:
    return json.loads(VOCABULARY_FILE.read_text(encoding="utf-8"))


def json_ld(response) -> list[dict]:
    """The page's JSON-LD objects (a script holding a list gives each of its items)."""
    html = response.content.decode()
    found = extruct.extract(html, base_url="http://testserver/", syntaxes=["json-ld"])
    items = []
    for item in found["json-ld"]:
        items.extend(item if isinstance(item, list) else [item])
    return items


def of_type(items: list[dict], kind: str) -> list[dict]:
    return [item for item in items if item.get("@type") == kind]


def ancestors(kind: str) -> set[str]:
    types = vocabulary()["types"]
    seen, todo = set(), [kind]
    while todo:
        current = todo.pop()
        if current not in seen:
            seen.add(current)
            todo.extend(types.get(current, []))
    return seen


def vocabulary_problems(node, path: str = "$") -> list[str]:
    """What in `node` (a JSON-LD value) is not schema.org's vocabulary, with where it is."""
    problems: list[str] = []
    if isinstance(node, list):
        for index, item in enumerate(node):
            problems += vocabulary_problems(item, f"{path}[{index}]")
        return problems
    if isinstance(node, str):
        if node.startswith(SCHEMA):
            name = node.removeprefix(SCHEMA)
            if name not in vocabulary()["members"] and name not in vocabulary()["types"]:
                problems.append(f"{path}: {node} is no schema.org enumeration member")
        return problems
    if not isinstance(node, dict):
        return problems
    kind = node.get("@type")
    if kind is None:
        return [f"{path}: an object without @type"]
    if kind not in vocabulary()["types"]:
        return [f"{path}: @type {kind} is not a schema.org type"]
    lineage = ancestors(kind)
    for key, value in node.items():
        if key.startswith("@"):
            continue
        name = key
        if key.endswith("-input"):  # schema.org Actions: `query-input` annotates `query`
            name = key.removesuffix("-input")
        definition = vocabulary()["properties"].get(name)
        if definition is None:
            problems.append(f"{path}.{key}: not a schema.org property")
        elif not lineage & set(definition["domains"]):
            problems.append(f"{path}.{key}: not expected on {kind} ({definition['domains']})")
        if key != name:
            continue
        problems += vocabulary_problems(value, f"{path}.{key}")
    return problems
