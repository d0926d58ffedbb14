"""The OpenAPI document of `/api/hsds/`: Open Referral's HSDS 3.0 OpenAPI (`openapi.json`
beside this module, copied unchanged from openreferral/specification, branch 3.0, commit
279fd2eb, CC BY-SA 4.0) with what this API adds to it:

* `info` and the paths under `/api/hsds`;
* the bounds the API enforces (`page` 1–1 000 000, `per_page` 1–200, `format` json or ndjson,
  `modified_after` an ISO 8601 date-time or date, `proximity` in metres);
* the error answers (400, 401, 404, 422, 429: `{"detail", "erreurs"}`) and the ndjson
  content of the lists;
* the erratum of `/service_at_locations/{id}`, whose answer is a service_at_location (the
  official file points at the service schema);
* `/locations` and `/locations/{id}`, not in the official file: HSDS locations, same style.

Response schemas stay the official ones by URL (raw.githubusercontent.com, branch 3.0)."""

import copy
import json
from functools import cache
from pathlib import Path

from ..pagination import DEFAULT_LIMIT, MAX_LIMIT

OFFICIAL = Path(__file__).with_name("openapi.json")
SCHEMAS = "https://raw.githubusercontent.com/openreferral/specification/3.0/schema/"
PREFIX = "/api/hsds"
MAX_PROXIMITY_M = 100_000
MAX_PAGE = 1_000_000
MAX_TEXT = 200
NDJSON = "application/x-ndjson"

ERROR = {
    "type": "object",
    "required": ["detail", "erreurs"],
    "properties": {
        "detail": {"type": "string"},
        "erreurs": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {"parametre": {"type": "string"}, "message": {"type": "string"}},
            },
        },
    },
}
ERROR_TEXTS = {
    "400": "Paramètres incompatibles (`proximity` sans `postcode`).",
    "401": "Clé d'API inconnue ou révoquée.",
    "404": "Identifiant inconnu, ou fiche non publiée.",
    "422": "Paramètre non valide.",
    "429": "Trop de requêtes : voyez l'en-tête Retry-After.",
}

DESCRIPTION = """
L'annuaire publié de Maillage au format **Open Referral HSDS 3.0** (Human Services Data
Specification), en lecture seule : organisations, services, lieux, services en un lieu et la
nomenclature des thématiques data·inclusion. Seules les fiches publiées y figurent, comme dans
l'API ouverte (`/api/v1/`). Les contacts réservés aux professionnels n'y sont jamais.

* Pagination HSDS : `page` (à partir de 1) et `per_page` (200 au plus) ; chaque liste répond
  `total_items`, `total_pages`, `page_number`, `size`, `first_page`, `last_page`, `empty`,
  `contents`. `format=ndjson` donne toute la liste, une ligne JSON par objet, sans pagination.
* Les identifiants sont des UUID stables.
* Les schémas de réponse sont ceux d'Open Referral (branche 3.0). Ce document ajoute
  `/locations`, absent du fichier officiel, et corrige la réponse de
  `/service_at_locations/{id}` (un service_at_location).

Human Services Data Specification : une ressource Open Referral (https://openreferral.org/),
CC BY-SA 4.0.
"""


def _error_responses(codes) -> dict:
    return {
        code: {
            "description": ERROR_TEXTS[code],
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
        }
        for code in codes
    }


def _tighten_parameters(parameters: dict) -> None:
    parameters["page"]["schema"] = {
        "type": "integer",
        "minimum": 1,
        "maximum": MAX_PAGE,
        "default": 1,
    }
    parameters["per_page"]["schema"] = {
        "type": "integer",
        "minimum": 1,
        "maximum": MAX_LIMIT,
        "default": DEFAULT_LIMIT,
    }
    parameters["format"]["schema"] = {"type": "string", "enum": ["json", "ndjson"]}
    parameters["modified_after"]["schema"] = {
        "anyOf": [
            {"type": "string", "format": "date-time"},
            {"type": "string", "format": "date"},
        ]
    }
    parameters["modified_after"]["description"] += " ISO 8601; heure de Paris sans fuseau."
    parameters["proximity"]["schema"] = {
        "type": "integer",
        "minimum": 1,
        "maximum": MAX_PROXIMITY_M,
    }
    parameters["proximity"]["description"] += " En mètres ; seulement avec `postcode`."
    for name in ("search", "postcode", "taxonomy_term_id", "taxonomy_id", "organization_id"):
        parameters[name]["schema"] = {"type": "string", "maxLength": MAX_TEXT}


def _page_of(item_schema: str) -> dict:
    return {
        "properties": {"contents": {"type": "array", "items": {"$ref": SCHEMAS + item_schema}}},
        "allOf": [{"$ref": "#/components/schemas/Page"}],
    }


def _locations_paths(parameters_ref) -> dict:
    page = {
        "description": "Une page de lieux.",
        "content": {
            "application/json": {"schema": _page_of("location.json")},
            NDJSON: {"schema": {"type": "string"}},
        },
    }
    return {
        "/locations": {
            "get": {
                "summary": "Paginated listing of locations (Maillage extension).",
                "description": "Les lieux des organisations et les lieux propres des services.",
                "operationId": "getPaginatedListOfLocations",
                "parameters": [
                    parameters_ref("search"),
                    parameters_ref("organization_id"),
                    parameters_ref("page"),
                    parameters_ref("per_page"),
                    parameters_ref("format"),
                ],
                "responses": {"200": page, **_error_responses(("401", "422", "429"))},
            }
        },
        "/locations/{id}": {
            "parameters": [
                {
                    "in": "path",
                    "name": "id",
                    "required": True,
                    "description": "The id of the location.",
                    "schema": {"type": "string"},
                }
            ],
            "get": {
                "summary": "Retrieve a location with its addresses, phones and schedules.",
                "operationId": "getLocationById",
                "responses": {
                    "200": {
                        "description": "A location.",
                        "content": {
                            "application/json": {"schema": {"$ref": SCHEMAS + "location.json"}}
                        },
                    },
                    **_error_responses(("401", "404", "429")),
                },
            },
        },
    }


@cache
def _official() -> dict:
    return json.loads(OFFICIAL.read_text(encoding="utf-8"))


def document(site_url: str) -> dict:
    """The document served at `/api/hsds/openapi.json`."""
    doc = copy.deepcopy(_official())
    doc["info"] = {
        "title": "Maillage — API HSDS 3.0 (Open Referral)",
        "version": "3.0",
        "summary": "L'annuaire publié de Maillage au format HSDS 3.0.",
        "description": DESCRIPTION,
        "contact": {"name": "Maillage", "url": site_url},
        "license": {
            "name": "CC BY-SA 4.0 (spécification HSDS)",
            "url": "https://creativecommons.org/licenses/by-sa/4.0/",
        },
    }
    components = doc["components"]
    components["schemas"]["Error"] = ERROR
    _tighten_parameters(components["parameters"])

    def parameter(name):
        return {"$ref": f"#/components/parameters/{name}"}

    sal = doc["paths"]["/service_at_locations/{id}"]["get"]["responses"]["200"]
    sal["content"]["application/json"]["schema"] = {
        "$ref": SCHEMAS + "compiled/service_at_location.json"
    }
    doc["paths"].update(_locations_paths(parameter))
    paths = {}
    for path, item in doc["paths"].items():
        for method, operation in item.items():
            if method == "parameters":
                continue
            has_id = "{id}" in path
            takes_query = bool(operation.get("parameters"))
            codes = ["401", "429"]
            if has_id:
                codes.append("404")
            if takes_query:
                codes += ["400", "422"]
            for code, answer in _error_responses(codes).items():
                operation["responses"].setdefault(code, answer)
            content = operation["responses"]["200"]["content"]
            if not has_id and path != "/":
                content.setdefault(NDJSON, {"schema": {"type": "string"}})
        paths[PREFIX + path if path != "/" else PREFIX + "/"] = item
    doc["paths"] = paths
    return doc
