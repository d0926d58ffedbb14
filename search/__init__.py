"""One search over everything (DESIGN.md §6): organisations, services, offers, premises,
events, guides… PostgreSQL by default, Elasticsearch when `ELASTICSEARCH_URL` is set.

The API other apps code against:

**Projections** (`search.registry`) — how a model becomes a search document. In your app,
write a `search_projections` module; `search.apps.SearchConfig.ready()` imports it for every
installed app, so nothing else needs wiring::

    from search.registry import Projection, SearchDoc, register

    @register
    class OfferProjection(Projection):
        kind = "offer"                  # facet value and result badge
        label = _("Offre ESS")
        model = ServiceOffer
        connect_signals = True          # index on post_save / unindex on post_delete;
                                        # False if you call search.indexing on publish
        def queryset(self):             # published, visible; select/prefetch for batches
            return ServiceOffer.objects.published().select_related("provider__commune")
        def is_indexable(self, obj):    # this object, now
            return obj.status == "published"
        def document(self, obj):
            return SearchDoc(title=..., url=obj.get_absolute_url(), body=..., keywords=[...],
                             thematiques=[...], publics=[...], categories=[...],
                             commune_code=..., commune_name=..., latitude=..., longitude=...,
                             visibility="public" | "professional", updated_at=...,
                             modes_accueil=[...], frais=[...], extra={"organisation": ...})

`register_facet_labels(facet, {value: label})` names your own facet values;
`Projection.related_to(obj)` lists other indexed objects to reindex with `obj`.

**Indexing** (`search.indexing`) — all scheduled with `transaction.on_commit`, objects re-read
through `Projection.queryset()` (only published, visible content is indexed):
`index_instance(obj)`, `unindex_instance(obj)`, `reindex_instances(objects)` (imports, bulk
edits), `reindex_kind(kind)`; `manage.py search_reindex [--kind …]` rebuilds everything.

**Querying** (`search.query`)::

    results = search(SearchQuery(text="aide à domicile", thematiques=(...), publics=(...),
                                 commune="93008", modes_accueil=(...), frais=(...),
                                 near=(48.90, 2.48), radius_km=5, order="distance",
                                 page=1, per_page=20, user_is_professional=False))
    results.hits     # Hit: kind, kind_label, title, snippet (safe HTML), url, distance_km,
                     # score, commune_name, extra…
    results.facets   # {"kind"|"thematique"|"public"|"commune"|"mode_accueil"|"frais"|
                     #  "category": [FacetValue(value, label, count, selected)]}
    results.total, results.page, results.num_pages, results.suggestion

`SearchQuery.from_params(request.GET, user_is_professional=...)` validates a form and raises
`QueryError` (French message). `get_backend()` picks the backend; `suggest(prefix)` feeds the
autocomplete. Professional-only documents are filtered out in the query itself unless
`user_is_professional` (from `registry.viewer_is_professional`, the rule `accounts` registers).

**Glossary** (`search.glossary`) — acronyms expanded both ways ("CLIC" ↔ "centre local
d'information et de coordination"): `get_glossary()` merges what every
`register_glossary_provider(callable)` returns (orientation's glossary, edited in the admin).
Synonym groups ("incurie" ↔ "syndrome de Diogène" ↔ "logement encombré"): a query holding
any phrase of a group also finds the others; `get_synonym_groups()` merges what every
`register_synonym_provider(callable)` returns (orientation's `GlossaryTerm.synonyms`). Both
backends apply them (PostgreSQL in `search.text.parse`, Elasticsearch as synonym lines).

**Places** (`search.places`) — communes and address geocoding for "près de", provided by the
directory through `register_place_provider`.
"""
