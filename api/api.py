"""The JSON API (`/api/v1/`), its OpenAPI document and browsable docs (django-ninja).

Every operation goes through `guard`: identify the client (anonymous or partner token),
apply its rate limit, then add ETag / Last-Modified and answer 304 when the client's copy
is fresh. Errors are JSON with a French `detail`, never a 500 for bad input."""

from functools import wraps

from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import ValidationError as NinjaValidationError
from ninja.renderers import JSONRenderer
from ninja.responses import NinjaJSONEncoder

from core.ratelimit import hit

from .auth import InvalidToken, identify
from .filters import POINT_DESCRIPTION, POINT_PARAMETERS, FilterError
from .http import conditional, error_response
from .pagination import CursorError
from .ratelimit import limits_for

DESCRIPTION = """
API ouverte de l'annuaire Maillage : organisations, services, offres de l'ESS, locaux
disponibles, événements et communes, plus l'export au format **data·inclusion v1**.

* **Pagination par curseur** : les résultats sont triés par identifiant croissant ; suivez
  `next` (ou passez `cursor=next_cursor`) jusqu'à `null`. Des fiches ajoutées pendant le
  parcours arrivent en fin de liste : aucune n'est répétée ni sautée. Une fiche modifiée
  après avoir été lue garde sa place : récupérez les modifications avec `modified_since`.
* **Cache** : chaque réponse porte un `ETag` (et `Last-Modified` pour les listes) ;
  renvoyez-les dans `If-None-Match` / `If-Modified-Since` pour obtenir un 304.
* **Limite de débit** par client (adresse IP, ou clé pour les partenaires) : au-delà,
  réponse 429 avec l'en-tête `Retry-After` (secondes).
* **Clé partenaire** (facultative) : `Authorization: Bearer <clé>` ou `X-Api-Key: <clé>`.
  Elle relève la limite de débit et donne les contacts réservés aux professionnels.
  Les administrateurs d'une organisation la créent depuis « Mon espace → API ».
* **CSV** : chaque liste existe en `.csv` (UTF-8 avec BOM, `?sep=;` pour Excel).
"""


class Encoder(NinjaJSONEncoder):
    def default(self, o):
        # data·inclusion models hold sets (thematiques, publics…): sorted, so that the
        # body, hence its ETag, is the same from one request to the next.
        if isinstance(o, set | frozenset):
            return sorted(o)
        return super().default(o)


class Renderer(JSONRenderer):
    encoder_class = Encoder
    json_dumps_params = {"ensure_ascii": False}


def group_point_parameters(operation: dict) -> None:
    """lat, lon and radius_km go together: in the document, one optional object parameter
    whose three properties are required. Serialised `style: form, explode: true`, an object
    is its properties as separate query parameters: `?lat=…&lon=…&radius_km=…`, the very
    request the API reads."""
    parameters = operation.get("parameters", [])
    point = {
        p["name"]: p for p in parameters if p.get("in") == "query" and p["name"] in POINT_PARAMETERS
    }
    if set(point) != set(POINT_PARAMETERS):
        return
    properties = {}
    for name in POINT_PARAMETERS:
        schema = dict(point[name]["schema"])
        # Optional alone (`anyOf: [number, null]`), required in the group: the number.
        branches = [b for b in schema.pop("anyOf", [schema]) if b.get("type") != "null"]
        description = schema.get("description", "").replace(" " + POINT_DESCRIPTION, "")
        properties[name] = {**branches[0], "description": description}
    grouped = {
        "in": "query",
        "name": "point",
        "style": "form",
        "explode": True,
        "required": False,
        "description": POINT_DESCRIPTION,
        "schema": {
            "type": "object",
            "properties": properties,
            "required": list(POINT_PARAMETERS),
            "additionalProperties": False,
        },
    }
    first = parameters.index(point[POINT_PARAMETERS[0]])
    kept = [p for p in parameters if p not in point.values()]
    kept.insert(first, grouped)
    operation["parameters"] = kept


class MaillageAPI(NinjaAPI):
    def get_openapi_schema(self, *, path_prefix=None, path_params=None):
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        for operations in schema["paths"].values():
            for operation in operations.values():
                group_point_parameters(operation)
        return schema


api = MaillageAPI(
    renderer=Renderer(),
    title="Maillage — API ouverte",
    version="1",
    description=DESCRIPTION,
    urls_namespace="api-v1",
    docs_url="/docs",
)


def guard(run):
    """Authentication, rate limit and conditional GET around an operation."""

    @wraps(run)
    def wrapper(request, *args, **kwargs):
        try:
            client = identify(request)
        except InvalidToken as error:
            return error_response(
                401, error.message, headers={"WWW-Authenticate": 'Bearer realm="maillage"'}
            )
        request.api_client = client
        limit, window = limits_for(client.is_partner)
        decision = hit(f"api:{client.rate_limit_key}", limit, window)
        if not decision.allowed:
            return error_response(
                429,
                _("Trop de requêtes : réessayez dans %(seconds)s secondes.")
                % {"seconds": decision.retry_after},
                headers={
                    "Retry-After": str(decision.retry_after),
                    "X-RateLimit-Limit": str(decision.limit),
                    "X-RateLimit-Remaining": "0",
                },
            )
        response = run(request, *args, **kwargs)
        response["X-RateLimit-Limit"] = str(decision.limit)
        response["X-RateLimit-Remaining"] = str(decision.remaining)
        return conditional(request, response, getattr(request, "api_last_modified", None))

    return wrapper


api.add_decorator(guard, mode="view")


# Long vocabularies (thematiques) are not spelled out in error messages.
MAX_EXPECTED_CHARS = 300


# --- Errors ---------------------------------------------------------------------------------------
def _bounds(context: dict) -> str:
    parts = []
    for key, text in (
        ("ge", _("au moins %s")),
        ("gt", _("plus de %s")),
        ("le", _("au plus %s")),
        ("lt", _("moins de %s")),
    ):
        if key in context:
            parts.append(text % context[key])
    return ", ".join(parts)


def french_message(problem: dict) -> str:
    """A French message for one pydantic error (ninja reports them in English)."""
    kind = problem.get("type", "")
    context = problem.get("ctx") or {}
    if kind == "missing":
        return _("Paramètre obligatoire.")
    if kind in ("int_parsing", "int_from_float", "int_type"):
        return _("Doit être un nombre entier.")
    if kind in ("float_parsing", "float_type", "finite_number"):
        return _("Doit être un nombre (séparateur décimal : le point).")
    if kind in ("greater_than", "greater_than_equal", "less_than", "less_than_equal"):
        return _("Valeur hors limites : %(bounds)s.") % {"bounds": _bounds(context)}
    if kind == "string_pattern_mismatch":
        return _("Format non valide.")
    if kind in ("enum", "literal_error"):
        expected = str(context.get("expected", ""))
        if len(expected) > MAX_EXPECTED_CHARS:
            return _("Valeur inconnue : voyez les valeurs possibles dans la documentation.")
        return _("Valeur inconnue. Valeurs possibles : %(expected)s.") % {"expected": expected}
    if kind.startswith(("datetime", "date", "timezone")):
        return _("Date non valide : AAAA-MM-JJ ou AAAA-MM-JJTHH:MM:SS (ISO 8601).")
    if kind in ("string_too_long", "too_long"):
        return _("Valeur trop longue.")
    return _("Valeur non valide.")


def _parameter(location) -> str:
    """The query parameter's name: ninja prefixes it with the location and the view's
    argument (`query`, `params`) and suffixes list indices."""
    names = [part for part in location if isinstance(part, str)]
    return names[-1] if names else "?"


@api.exception_handler(NinjaValidationError)
def invalid_parameters(request, exc):
    errors = [
        {"parametre": _parameter(problem.get("loc", ())), "message": french_message(problem)}
        for problem in exc.errors
    ]
    return error_response(422, _("Paramètres non valides."), errors)


@api.exception_handler(FilterError)
def invalid_filter(request, exc):
    return error_response(
        400, exc.message, [{"parametre": exc.parameter, "message": str(exc.message)}]
    )


@api.exception_handler(CursorError)
def invalid_cursor(request, exc):
    return error_response(400, exc.message, [{"parametre": "cursor", "message": str(exc.message)}])
