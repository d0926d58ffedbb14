"""Demo search index: rebuild every registered kind once the other apps' demo data exists
(run last by `load_demo_data`; rebuilding twice gives the same index)."""

from search.indexing import reindex_kind
from search.query import get_backend
from search.registry import projections


def load() -> str:
    backend = get_backend()
    counts = {p.kind: reindex_kind(p.kind, backend=backend) for p in projections()}
    if hasattr(backend, "rebuild_lexicon"):
        backend.rebuild_lexicon()
    return ", ".join(f"{count} {kind}" for kind, count in sorted(counts.items())) + " indexés"
