"""Elasticsearch backend, used when `settings.ELASTICSEARCH_URL` is set (DESIGN.md §6).

Same interface and result shape as the PostgreSQL backend:
- one index (`<ELASTICSEARCH_INDEX_PREFIX>-search`) of `SearchIndexDocument`, analysed in
  French: elision, lower case, asciifolding (accents either way), French stop words and light
  stemming; at query time a `synonym_graph` filter built from `get_glossary()` expands
  acronyms both ways;
- typo tolerance: `fuzziness: AUTO` on the text fields, and a phrase suggester for
  "did you mean";
- facets: a `filter` aggregation per facet holding the *other* facet filters, with a `terms`
  aggregation inside (disjunctive, as in PostgreSQL), facet filters applied as `post_filter`;
- place: `geo_point`, `geo_distance` filter, `_geo_distance` sort for order="distance";
  relevance is blended with freshness and proximity by `function_score` decays;
- « ouvert maintenant »: `open_intervals` is a `date_range` field (one range per open
  interval); a `range` query with `relation: contains` keeps the documents open at the
  query's moment, with `opening_known_until` after it. Closed places last: ES cannot sort on
  "a range holds now", so the hits of each page are put in order open, unknown, closed
  (stable: score or distance inside each group) from their stored intervals
  (`_open_rank`) — within the page, where PostgreSQL does it over all results;
- writes go through Celery (`search.tasks`) with retries; `bulk` for batches.
`build_search()` and `parse_response()` are pure and unit-tested against the documented
request/response formats.
"""

from __future__ import annotations

from datetime import datetime
from functools import cached_property

from django.conf import settings
from django.utils.dateparse import parse_datetime
from django.utils.html import escape
from django.utils.safestring import mark_safe
from elasticsearch_dsl import (
    Date,
    DateRange,
    Document,
    Float,
    GeoPoint,
    Keyword,
    Object,
    Q,
    Search,
    SearchAsYouType,
    Text,
    analyzer,
    token_filter,
)

from core.text import excerpt

from ..documents import row_values
from ..glossary import get_glossary, get_synonym_groups
from ..query import (
    CANDIDATE_LIMIT,
    FACETS,
    SNIPPET_CHARS,
    FacetValue,
    Hit,
    SearchQuery,
    SearchResults,
    Suggestion,
    facet_label,
)
from ..registry import VISIBILITY_PROFESSIONAL, VISIBILITY_PUBLIC, kind_labels
from ..text import clean, fold

_MARK_START = "\x02"
_MARK_END = "\x03"
FACET_SIZE = 50

_FACET_FIELDS = {
    "kind": "kind",
    "thematique": "thematiques",
    "public": "publics",
    "commune": "commune_code",
    "mode_accueil": "modes_accueil",
    "frais": "frais",
    "category": "categories",
}


def index_name() -> str:
    return f"{settings.ELASTICSEARCH_INDEX_PREFIX}-search"


def _synonym_phrase(text: str) -> str:
    # Commas and "=>" are syntax in synonym files: keep words only.
    return " ".join(fold(text).replace(",", " ").replace("=>", " ").split())


def glossary_synonyms(
    glossary: dict[str, str] | None = None, groups: list[tuple[str, ...]] | None = None
) -> list[str]:
    """Solr-style synonym lines: "clic, centre local d'information et de coordination", then
    one line per synonym group ("incurie, syndrome de diogene, logement encombre")."""
    glossary = get_glossary() if glossary is None else glossary
    groups = get_synonym_groups() if groups is None else groups
    lines = []
    for acronym, expansion in sorted(glossary.items()):
        lines.append(f"{fold(acronym)}, {_synonym_phrase(expansion)}")
    for group in groups:
        phrases = list(dict.fromkeys(p for p in map(_synonym_phrase, group) if p))
        if len(phrases) > 1:
            lines.append(", ".join(phrases))
    return lines


_elision = token_filter(
    "fr_elision",
    "elision",
    articles_case=True,
    articles=["l", "m", "t", "qu", "n", "s", "j", "d", "c", "jusqu", "quoiqu", "lorsqu", "puisqu"],
)
_stop = token_filter("fr_stop", "stop", stopwords="_french_")
_stem = token_filter("fr_stem", "stemmer", language="light_french")


def french_analyzers(
    glossary: dict[str, str] | None = None, groups: list[tuple[str, ...]] | None = None
):
    """(index analyzer, search analyzer): the same chain, plus glossary synonyms at search."""
    index_analyzer = analyzer(
        "fr_folded",
        tokenizer="standard",
        filter=[_elision, "lowercase", "asciifolding", _stop, _stem],
    )
    synonyms = token_filter(
        "fr_glossary", "synonym_graph", synonyms=glossary_synonyms(glossary, groups), lenient=True
    )
    search_analyzer = analyzer(
        "fr_folded_glossary",
        tokenizer="standard",
        filter=[_elision, "lowercase", "asciifolding", synonyms, _stop, _stem],
    )
    return index_analyzer, search_analyzer


_INDEX_ANALYZER, _SEARCH_ANALYZER = french_analyzers({}, [])


def _text(**kwargs):
    return Text(analyzer=_INDEX_ANALYZER, search_analyzer="fr_folded_glossary", **kwargs)


class SearchIndexDocument(Document):
    """One indexed object; the id is "<kind>:<object_id>"."""

    kind = Keyword()
    object_id = Keyword()
    title = _text(fields={"suggest": SearchAsYouType(analyzer="standard")})
    body = _text()
    keywords = _text()
    thematiques = Keyword()
    publics = Keyword()
    categories = Keyword()
    modes_accueil = Keyword()
    frais = Keyword()
    commune_code = Keyword()
    commune_name = Keyword()
    location = GeoPoint()
    latitude = Float(index=False)
    longitude = Float(index=False)
    url = Keyword(index=False)
    visibility = Keyword()
    updated_at = Date()
    extra = Object(enabled=False)
    open_intervals = DateRange()
    opening_known_until = Date()

    class Index:
        name = "maillage-search"


def document_body(kind: str, object_id, doc) -> dict:
    """The JSON stored for one SearchDoc."""
    row = row_values(kind, object_id, doc)
    body = {
        key: row[key]
        for key in (
            "kind",
            "object_id",
            "title",
            "body",
            "keywords",
            "thematiques",
            "publics",
            "categories",
            "modes_accueil",
            "frais",
            "commune_code",
            "commune_name",
            "latitude",
            "longitude",
            "url",
            "visibility",
            "extra",
        )
    }
    body["updated_at"] = row["updated_at"].isoformat()
    if row["open_intervals"] is not None:
        body["open_intervals"] = [
            {"gte": start.isoformat(), "lt": end.isoformat()}
            for start, end in row["open_intervals"]
        ]
        body["opening_known_until"] = row["opening_known_until"].isoformat()
    if row["latitude"] is not None:
        body["location"] = {"lat": row["latitude"], "lon": row["longitude"]}
    return body


def _facet_filter(name: str, values) -> Q:
    return Q("terms", **{_FACET_FIELDS[name]: list(values)})


def build_search(query: SearchQuery, index: str = "maillage-search") -> Search:
    """The elasticsearch-dsl Search for a query (pure: no network)."""
    search = Search(index=index)
    visibilities = [VISIBILITY_PUBLIC]
    if query.user_is_professional:
        visibilities.append(VISIBILITY_PROFESSIONAL)
    hard_filters = [Q("terms", visibility=visibilities)]
    if query.open_now:
        moment = query.moment.isoformat()
        hard_filters.append(
            Q("range", open_intervals={"gte": moment, "lte": moment, "relation": "contains"})
        )
        hard_filters.append(Q("range", opening_known_until={"gt": moment}))
    if query.near is not None and query.radius_km:
        lat, lon = query.near
        hard_filters.append(
            Q(
                "geo_distance",
                distance=f"{query.radius_km}km",
                location={"lat": lat, "lon": lon},
            )
        )
    if query.text:
        text_query = Q(
            "multi_match",
            query=query.text,
            fields=["title^4", "keywords^2", "body"],
            type="best_fields",
            operator="and",
            fuzziness="AUTO",
            prefix_length=1,
        )
    else:
        text_query = Q("match_all")
    functions = [
        {"gauss": {"updated_at": {"origin": "now", "scale": "365d", "decay": 0.5}}, "weight": 1}
    ]
    if query.near is not None:
        lat, lon = query.near
        functions.append(
            {
                "gauss": {
                    "location": {"origin": {"lat": lat, "lon": lon}, "scale": "5km", "decay": 0.5}
                },
                "weight": 1,
            }
        )
    scored = Q(
        "function_score",
        query=Q("bool", must=[text_query], filter=hard_filters),
        functions=functions,
        score_mode="sum",
        boost_mode="multiply",
    )
    search = search.query(scored)

    selected = {name: values for name, values in query.filters().items() if values}
    if selected:
        search = search.post_filter(
            Q("bool", filter=[_facet_filter(n, v) for n, v in selected.items()])
        )
    for name, field in _FACET_FIELDS.items():
        others = [_facet_filter(n, v) for n, v in selected.items() if n != name]
        bucket = search.aggs.bucket(
            f"facet_{name}", "filter", filter=Q("bool", filter=others) if others else Q("match_all")
        )
        bucket.bucket("values", "terms", field=field, size=FACET_SIZE)
    if query.near is not None:
        lat, lon = query.near
        geo_sort = {
            "_geo_distance": {
                "location": {"lat": lat, "lon": lon},
                "order": "asc",
                "unit": "km",
                "distance_type": "arc",
            }
        }
        if query.order == "distance":
            search = search.sort(geo_sort, "_score")
        else:
            search = search.sort("_score", geo_sort)
    if query.text:
        search = search.highlight(
            "body",
            fragment_size=160,
            number_of_fragments=2,
            pre_tags=[_MARK_START],
            post_tags=[_MARK_END],
        )
        search = search.suggest("spelling", query.text, phrase={"field": "body", "size": 1})
    start = (query.page - 1) * query.per_page
    search = search.extra(track_total_hits=True)
    return search[start : min(start + query.per_page, CANDIDATE_LIMIT)]


def _highlight(fragments: list[str]) -> str:
    text = escape(" … ".join(fragments))
    return mark_safe(  # noqa: S308 - escaped above; only our markers become tags
        text.replace(_MARK_START, "<mark>").replace(_MARK_END, "</mark>")
    )


def _open_rank(source: dict, moment: datetime) -> int:
    """0 open at `moment`, 1 unknown, 2 closed: PostgreSQL's OPEN_RANK_SQL on a stored doc."""
    intervals = source.get("open_intervals")
    known_until = parse_datetime(source.get("opening_known_until") or "")
    if intervals is None or known_until is None or known_until <= moment:
        return 1
    for interval in intervals:
        start, end = parse_datetime(interval["gte"]), parse_datetime(interval["lt"])
        if start is not None and end is not None and start <= moment < end:
            return 0
    return 2


def parse_response(query: SearchQuery, response: dict) -> SearchResults:
    """SearchResults from a raw `_search` response (the documented JSON)."""
    labels = kind_labels()
    hits = []
    ranks: dict[int, int] = {}
    for raw in response.get("hits", {}).get("hits", []):
        source = raw.get("_source", {})
        distance = None
        if query.near is not None and raw.get("sort"):
            numbers = [v for v in raw["sort"] if isinstance(v, int | float)]
            # Our geo sort is in km: first key for order="distance", second otherwise.
            index = 0 if query.order == "distance" else 1
            if len(numbers) > index:
                distance = round(float(raw["sort"][index]), 2)
        highlight = raw.get("highlight", {}).get("body")
        if highlight:
            snippet = _highlight(highlight)
        else:
            snippet = escape(excerpt(source.get("body", ""), SNIPPET_CHARS))
        kind = source.get("kind", "")
        hits.append(
            Hit(
                kind=kind,
                kind_label=labels.get(kind, kind),
                object_id=str(source.get("object_id", "")),
                title=source.get("title", ""),
                url=source.get("url", ""),
                snippet=snippet,
                score=float(raw.get("_score") or 0.0),
                distance_km=distance,
                commune_code=source.get("commune_code", ""),
                commune_name=source.get("commune_name", ""),
                thematiques=source.get("thematiques", []),
                publics=source.get("publics", []),
                categories=source.get("categories", []),
                modes_accueil=source.get("modes_accueil", []),
                frais=source.get("frais", []),
                keywords=source.get("keywords", []),
                latitude=source.get("latitude"),
                longitude=source.get("longitude"),
                visibility=source.get("visibility", VISIBILITY_PUBLIC),
                extra=source.get("extra") or {},
            )
        )
        ranks[id(hits[-1])] = _open_rank(source, query.moment)
    # Open, unknown, closed (stable: the backend's order inside each group).
    hits.sort(key=lambda hit: ranks[id(hit)])
    total = response.get("hits", {}).get("total", 0)
    if isinstance(total, dict):
        total = total.get("value", 0)
    selected = query.filters()
    facets: dict[str, list[FacetValue]] = {}
    aggregations = response.get("aggregations", {})
    commune_names = {h.commune_code: h.commune_name for h in hits if h.commune_code}
    for name in FACETS:
        buckets = aggregations.get(f"facet_{name}", {}).get("values", {}).get("buckets", [])
        values = []
        for bucket in buckets:
            value = str(bucket["key"])
            if name == "commune":
                label = commune_names.get(value, value)
            else:
                label = facet_label(name, value)
            values.append(
                FacetValue(value, label, int(bucket["doc_count"]), value in selected[name])
            )
        present = {v.value for v in values}
        values += [
            FacetValue(v, facet_label(name, v), 0, True) for v in selected[name] if v not in present
        ]
        facets[name] = values
    suggestion = ""
    for entry in response.get("suggest", {}).get("spelling", []):
        for option in entry.get("options", []):
            if option.get("text") and fold(option["text"]) != fold(query.text):
                suggestion = option["text"]
                break
    return SearchResults(
        query=query, hits=hits, total=int(total), facets=facets, suggestion=suggestion
    )


class ElasticsearchBackend:
    name = "elasticsearch"
    asynchronous = True

    @cached_property
    def client(self):
        from elasticsearch import Elasticsearch

        return Elasticsearch(settings.ELASTICSEARCH_URL, request_timeout=10)

    @property
    def index(self) -> str:
        return index_name()

    def create_index(self) -> None:
        """(Re)create the index with the current glossary as synonyms."""
        from elasticsearch_dsl import Index

        index = Index(self.index, using=self.client)
        index_analyzer, search_analyzer = french_analyzers()
        index.analyzer(index_analyzer)
        index.analyzer(search_analyzer)
        index.document(SearchIndexDocument)
        if index.exists():
            index.delete()
        index.create()

    def ensure_index(self) -> None:
        if not self.client.indices.exists(index=self.index):
            self.create_index()

    def index_documents(self, items) -> int:
        from elasticsearch.helpers import bulk

        actions = [
            {
                "_op_type": "index",
                "_index": self.index,
                "_id": f"{kind}:{oid}",
                "_source": document_body(kind, oid, doc),
            }
            for kind, oid, doc in items
        ]
        if not actions:
            return 0
        self.ensure_index()
        bulk(self.client, actions, refresh="wait_for", max_retries=3)
        return len(actions)

    def delete_documents(self, kind: str, object_ids) -> int:
        from elasticsearch.helpers import bulk

        actions = [
            {"_op_type": "delete", "_index": self.index, "_id": f"{kind}:{oid}"}
            for oid in object_ids
        ]
        if not actions:
            return 0
        success, _errors = bulk(
            self.client, actions, refresh="wait_for", raise_on_error=False, max_retries=3
        )
        return success

    def clear(self, kind: str | None = None) -> None:
        if kind is None:
            self.create_index()
        else:
            self.client.delete_by_query(
                index=self.index, query={"term": {"kind": kind}}, refresh=True
            )

    def indexed_ids(self, kind: str) -> set[str]:
        from elasticsearch.helpers import scan

        self.ensure_index()
        return {
            hit["_source"]["object_id"]
            for hit in scan(
                self.client,
                index=self.index,
                query={"query": {"term": {"kind": kind}}, "_source": ["object_id"]},
            )
        }

    def search(self, query: SearchQuery) -> SearchResults:
        body = build_search(query, self.index).to_dict()
        response = self.client.search(index=self.index, body=body)
        return parse_response(query, response.body)

    def suggest(self, prefix: str, *, user_is_professional: bool = False, limit: int = 8):
        prefix = clean(prefix, 60)
        if len(prefix) < 2:
            return []
        visibilities = [VISIBILITY_PUBLIC] + (
            [VISIBILITY_PROFESSIONAL] if user_is_professional else []
        )
        body = build_suggest(prefix, visibilities, limit)
        response = self.client.search(index=self.index, body=body)
        labels = kind_labels()
        return [
            Suggestion(s["title"], s["url"], s["kind"], labels.get(s["kind"], s["kind"]))
            for s in (hit["_source"] for hit in response.body["hits"]["hits"])
        ]


def build_suggest(prefix: str, visibilities: list[str], limit: int) -> dict:
    """Search-as-you-type on titles (prefix of the last word), typo-tolerant."""
    return {
        "size": limit,
        "_source": ["title", "url", "kind"],
        "query": {
            "bool": {
                "must": [
                    {
                        "multi_match": {
                            "query": prefix,
                            "type": "bool_prefix",
                            "fields": [
                                "title.suggest",
                                "title.suggest._2gram",
                                "title.suggest._3gram",
                            ],
                            "fuzziness": "AUTO",
                        }
                    }
                ],
                "filter": [{"terms": {"visibility": visibilities}}],
            }
        },
    }
