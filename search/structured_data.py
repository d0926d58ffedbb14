"""schema.org JSON-LD of the search page: a `SearchResultsPage` whose main entity is the
`ItemList` of the hits shown (position counted across pages)."""

from core.structured_data import absolute


def search_results_data(request, results, canonical: str) -> dict:
    """`results`: the page's SearchResults (None before a search or on an error)."""
    data = {"@type": "SearchResultsPage", "url": canonical}
    if results is None:
        return data
    first = (results.query.page - 1) * results.query.per_page
    data["mainEntity"] = {
        "@type": "ItemList",
        "numberOfItems": results.total,
        "itemListElement": [
            {
                "@type": "ListItem",
                "position": first + index,
                "url": absolute(request, hit.url),
                "name": hit.title,
            }
            for index, hit in enumerate(results.hits, start=1)
        ],
    }
    return data
