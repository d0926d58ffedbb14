"""The official HSDS 3.0 JSON schemas (tests/fixtures/hsds, Open Referral, CC BY-SA 4.0),
loaded offline: their remote and relative `$ref`s resolve to the fixture files."""

import json
from functools import cache
from pathlib import Path

from jsonschema_rs import Draft202012Validator

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "hsds"
OFFICIAL = "https://raw.githubusercontent.com/openreferral/specification/3.0/schema/"


@cache
def load(name: str) -> dict:
    return json.loads((FIXTURES / name).read_text(encoding="utf-8"))


def retrieve(uri: str) -> dict:
    if not uri.startswith(OFFICIAL):
        raise ValueError(f"not an HSDS schema: {uri}")
    return load(uri.removeprefix(OFFICIAL))


@cache
def validator(name: str) -> Draft202012Validator:
    return Draft202012Validator(
        load(name), validate_formats=True, retriever=retrieve, base_uri=OFFICIAL + name
    )


def errors(name: str, instance) -> list[str]:
    return [f"{e.instance_path}: {e.message}" for e in validator(name).iter_errors(instance)][:5]


def page_schema() -> dict:
    return load("openapi.json")["components"]["schemas"]["Page"]


def bundled_openapi(document: dict) -> dict:
    """The API's OpenAPI document with every HSDS `$ref` (remote, then relative between the
    schema files) replaced by a local `#/components/schemas/…`, for tools that resolve
    nothing over the network (Schemathesis)."""
    schemas = document.setdefault("components", {}).setdefault("schemas", {})

    def component(name: str) -> str:
        key = "hsds_" + name.removesuffix(".json").replace("/", "_")
        if key not in schemas:
            schemas[key] = {}
            folder = name.rsplit("/", 1)[0] + "/" if "/" in name else ""
            schemas[key] = rewrite(load(name), folder)
        return f"#/components/schemas/{key}"

    def rewrite(node, folder: str):
        if isinstance(node, dict):
            result = {}
            for key, value in node.items():
                if key == "$ref" and isinstance(value, str) and not value.startswith("#"):
                    target = (
                        value.removeprefix(OFFICIAL)
                        if value.startswith(OFFICIAL)
                        else (folder + value)
                    )
                    result[key] = component(target)
                else:
                    result[key] = rewrite(value, folder)
            return result
        if isinstance(node, list):
            return [rewrite(item, folder) for item in node]
        return node

    for path, item in document["paths"].items():
        document["paths"][path] = rewrite(item, "")
    return document
