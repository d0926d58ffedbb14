"""Admin wiring of the guides: directory and glossary choosers for the blocks."""

from wagtail import hooks

from .choosers import (
    glossary_term_chooser_viewset,
    organisation_chooser_viewset,
    service_chooser_viewset,
)


@hooks.register("register_admin_viewset")
def register_directory_choosers():
    return [
        service_chooser_viewset,
        organisation_chooser_viewset,
        glossary_term_chooser_viewset,
    ]
