"""`{% translation_review_panel page %}`: the review box of a translated page in
wagtail-localize's translation editor (templates/wagtail_localize/admin/edit_translation.html):
its review state, « Soumettre à la relecture » for a translator, « Approuver et publier » /
« Demander des modifications » for a reviewer."""

from django import template
from django.urls import reverse
from wagtail.models import WorkflowState

from ..translation_review import SUBMIT_FOR_REVIEW, WORKFLOW_NAME, translation_of

register = template.Library()


@register.inclusion_tag("guides/admin/translation_review_panel.html", takes_context=True)
def translation_review_panel(context, page):
    request = context["request"]
    page = page.specific
    workflow = page.get_workflow()
    reviewed = (
        workflow is not None and workflow.name == WORKFLOW_NAME and translation_of(page) is not None
    )
    state = page.current_workflow_state if reviewed else None
    in_review = state is not None and state.status == WorkflowState.STATUS_IN_PROGRESS
    needs_changes = state is not None and state.status == WorkflowState.STATUS_NEEDS_CHANGES
    task_state = state.current_task_state if state is not None else None
    may_edit = page.permissions_for_user(request.user).can_edit()
    may_review = in_review and bool(task_state.task.specific.get_actions(page, request.user))
    return {
        "request": request,
        "reviewed": reviewed,
        "in_review": in_review,
        "needs_changes": needs_changes,
        "state": state,
        "comment": task_state.comment if needs_changes and task_state is not None else "",
        "may_submit": reviewed and may_edit and not in_review,
        "submit_name": SUBMIT_FOR_REVIEW,
        "may_review": may_review,
        "preview_url": (
            reverse("wagtailadmin_pages:workflow_preview", args=[page.pk, task_state.task_id])
            if may_review
            else ""
        ),
        "approve_url": (
            reverse("wagtailadmin_pages:workflow_action", args=[page.pk, "approve", task_state.pk])
            if may_review
            else ""
        ),
        "reject_url": (
            reverse("wagtailadmin_pages:workflow_action", args=[page.pk, "reject", task_state.pk])
            if may_review
            else ""
        ),
    }
