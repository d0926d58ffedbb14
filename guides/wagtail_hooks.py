"""Admin wiring of the guides: directory and glossary choosers for the blocks; « Soumettre à
la relecture » in the translation editor of a translated page (translation_review.py)."""

from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from wagtail import hooks

from .choosers import (
    glossary_term_chooser_viewset,
    organisation_chooser_viewset,
    service_chooser_viewset,
)
from .translation_review import SUBMIT_FOR_REVIEW, ReviewError, submit_for_review


@hooks.register("register_admin_viewset")
def register_directory_choosers():
    return [
        service_chooser_viewset,
        organisation_chooser_viewset,
        glossary_term_chooser_viewset,
    ]


@hooks.register("before_edit_page", order=-1)
def submit_translation_for_review(request, page):
    """The form « Soumettre à la relecture » of the translation editor
    (templates/wagtail_localize/admin/edit_translation.html) posts to the page's edit view:
    handled here, before wagtail-localize's own hook renders its editor. The edit view has
    already checked that the user may edit the page."""
    if request.method != "POST" or SUBMIT_FOR_REVIEW not in request.POST:
        return None
    try:
        submit_for_review(page, request.user)
    except ReviewError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            _("« %(title)s » est soumise à la relecture : elle sera publiée après approbation.")
            % {"title": page.get_latest_revision_as_object().title},
        )
    return redirect(reverse("wagtailadmin_pages:edit", args=[page.pk]))
