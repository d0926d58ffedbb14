"""Writes tests/fixtures/schemaorg/vocabulary.json: the types, properties and enumeration
members of a schema.org release, trimmed from its `schemaorg-current-https.jsonld`.

The structured-data tests check every @type, property and enumeration value the portal writes
against this list (tests/portal/test_structured_data.py). To move to a newer release:

    python scripts/schemaorg_vocabulary.py path/to/schemaorg-current-https.jsonld 30.0

(the file is in github.com/schemaorg/schemaorg under data/releases/<version>/). schema.org's
vocabulary is published under the Creative Commons Attribution-ShareAlike 3.0 licence: the
extract keeps that notice."""

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET = ROOT / "tests" / "fixtures" / "schemaorg" / "vocabulary.json"
PREFIX = "schema:"


def _names(value) -> list[str]:
    """The schema.org names in a JSON-LD reference or a list of them (other vocabularies
    left out)."""
    values = value if isinstance(value, list) else [value]
    names = []
    for item in values:
        identifier = item.get("@id", "") if isinstance(item, dict) else str(item)
        if identifier.startswith(PREFIX):
            names.append(identifier.removeprefix(PREFIX))
    return sorted(names)


def trim(graph: list[dict]) -> dict:
    types: dict[str, list[str]] = {}
    properties: dict[str, dict[str, list[str]]] = {}
    members: dict[str, list[str]] = {}
    for node in graph:
        identifier = node.get("@id", "")
        if not identifier.startswith(PREFIX):
            continue
        name = identifier.removeprefix(PREFIX)
        kinds = node["@type"] if isinstance(node["@type"], list) else [node["@type"]]
        if "rdfs:Class" in kinds:
            types[name] = _names(node.get("rdfs:subClassOf", []))
        if "rdf:Property" in kinds:
            properties[name] = {
                "domains": _names(node.get("schema:domainIncludes", [])),
                "ranges": _names(node.get("schema:rangeIncludes", [])),
            }
        enumerations = [kind.removeprefix(PREFIX) for kind in kinds if kind.startswith(PREFIX)]
        if enumerations:
            members[name] = sorted(enumerations)
    return {
        "types": dict(sorted(types.items())),
        "properties": dict(sorted(properties.items())),
        "members": dict(sorted(members.items())),
    }


def main(source: str, version: str) -> int:
    graph = json.loads(Path(source).read_text(encoding="utf-8"))["@graph"]
    vocabulary = {
        "source": f"https://github.com/schemaorg/schemaorg/blob/main/data/releases/{version}/"
        "schemaorg-current-https.jsonld",
        "version": version,
        "licence": "schema.org vocabulary, Creative Commons Attribution-ShareAlike 3.0 "
        "(https://creativecommons.org/licenses/by-sa/3.0/); trimmed by "
        "scripts/schemaorg_vocabulary.py",
        **trim(graph),
    }
    TARGET.parent.mkdir(parents=True, exist_ok=True)
    TARGET.write_text(json.dumps(vocabulary, ensure_ascii=False, indent=0) + "\n", "utf-8")
    print(
        f"{TARGET.relative_to(ROOT)}: {len(vocabulary['types'])} types, "
        f"{len(vocabulary['properties'])} properties, {len(vocabulary['members'])} members"
    )
    return 0


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit("usage: schemaorg_vocabulary.py SCHEMAORG_CURRENT_HTTPS_JSONLD VERSION")
    sys.exit(main(sys.argv[1], sys.argv[2]))
