"""Search index upkeep for guides (connected in `apps.GuidesConfig.ready`)."""

from search.indexing import index_instance, unindex_instance


def index_guide(sender, instance, **kwargs) -> None:
    index_instance(instance)


def unindex_guide(sender, instance, **kwargs) -> None:
    unindex_instance(instance)
