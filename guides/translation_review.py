"""A human review before a translated page is public (issue #19 item 4): the Wagtail workflow
« Relecture des traductions », one group-approval task for the « Modérateurs » group, the
reviewers of every translation (they already review the situations and the glossary,
`orientation.publish_translation`, and have the admin: one reviewer role, no second group to
keep in step with it). Site admins may act on any task. On each translated tree the moderators
get the page permissions « change » and « publish » (Wagtail publishes an approved revision as
the approver, who must be allowed to publish it): they review translated pages, not French ones.

The workflow is assigned to the root page of every locale but French (the page at depth 2:
the home page's translation or alias wagtail-localize creates on a language's first
translation), so every translated page below it goes through it; French pages keep the
workflow they had (Wagtail's on the tree root). A locale root gets it when it appears (the
post_save receiver, connected in `apps.GuidesConfig.ready`) and the data migration
`0005_translation_review_workflow` assigns the ones that existed before.

The translator's path: « Soumettre à la relecture » in wagtail-localize's translation editor
(`submit_for_review`, a before_edit_page hook in wagtail_hooks.py): the translated strings are
saved into a draft revision and the workflow starts. wagtail-localize's own « Publish » button
publishes without the workflow, only for users with the publish permission on the page (site
admins, Wagtail's publishers): a translator (edit permission only) has no such button and
its post is refused. A moderator approves in « Mes tâches » (dashboard), in the translation
editor or from « Traductions à faire »: the approval of the last task publishes the latest
revision; « Demander des modifications » leaves it a draft with the comment."""

from __future__ import annotations

from django.contrib.auth.models import Group, Permission
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext_lazy as _
from wagtail.models import (
    GroupApprovalTask,
    GroupPagePermission,
    Locale,
    Page,
    Workflow,
    WorkflowPage,
    WorkflowState,
    WorkflowTask,
)
from wagtail_localize.models import Translation

from accounts.roles import MODERATORS_GROUP

# Names stored in the database (the data migration creates them with these same strings).
WORKFLOW_NAME = "Relecture des traductions"
TASK_NAME = "Relecture par un modérateur"
# What reviewers may do on translated pages: Wagtail publishes an approved revision as the
# approver, who needs the publish permission there (and « change » to open the editor).
REVIEWER_PAGE_PERMISSIONS = ("change_page", "publish_page")
# The button of the translation editor's review box (its name in the POST).
SUBMIT_FOR_REVIEW = "maillage-submit-for-review"


class ReviewError(Exception):
    """A submission the review workflow refuses, with a message for the translator."""


@transaction.atomic
def review_workflow() -> Workflow:
    """The workflow and its task (created when missing: a flushed test database has none)."""
    workflow, _created = Workflow.objects.get_or_create(
        name=WORKFLOW_NAME, defaults={"active": True}
    )
    task = GroupApprovalTask.objects.filter(name=TASK_NAME).first()
    if task is None:
        task = GroupApprovalTask.objects.create(name=TASK_NAME, active=True)
    task.groups.add(_reviewers())
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
    return workflow


def _reviewers() -> Group:
    group, _created = Group.objects.get_or_create(name=MODERATORS_GROUP)
    return group


def _put_under_review(root: Page, workflow: Workflow) -> bool:
    """The workflow on a locale root and its reviewers' rights there; True if newly assigned."""
    _link, created = WorkflowPage.objects.update_or_create(
        page=root, defaults={"workflow": workflow}
    )
    reviewers = _reviewers()
    for permission in Permission.objects.filter(
        content_type__app_label="wagtailcore", codename__in=REVIEWER_PAGE_PERMISSIONS
    ):
        GroupPagePermission.objects.get_or_create(group=reviewers, page=root, permission=permission)
    return created


def is_locale_root(page: Page) -> bool:
    """A page at the top of a non-French locale's tree (just under the tree's root)."""
    return page.depth == 2 and page.locale_id != Locale.get_default().pk


def assign_review_workflow() -> int:
    """Put every non-French locale root under the review workflow (idempotent): how many
    roots were assigned now."""
    workflow = review_workflow()
    roots = Page.objects.filter(depth=2).exclude(locale=Locale.get_default())
    assigned = 0
    for root in roots:
        assigned += _put_under_review(root, workflow)
    return assigned


def on_page_saved(sender, instance, created, raw=False, **kwargs) -> None:
    """post_save receiver: a new locale root joins the review workflow."""
    if raw or not created or not isinstance(instance, Page) or not is_locale_root(instance):
        return
    _put_under_review(instance, review_workflow())


def translation_of(page: Page) -> Translation | None:
    """The wagtail-localize record that makes `page` (a translated page), if any."""
    return (
        Translation.objects.filter(
            source__object_id=page.translation_key, target_locale_id=page.locale_id, enabled=True
        )
        .select_related("source", "target_locale")
        .first()
    )


@transaction.atomic
def submit_for_review(page: Page, user=None) -> WorkflowState:
    """The translator's step: the translated strings saved as the page's latest draft and the
    review workflow started (or restarted after « Demander des modifications »). The page stays
    as it is publicly until a reviewer approves."""
    page = page.specific
    if user is not None and not page.permissions_for_user(user).can_edit():
        raise PermissionDenied
    translation = translation_of(page)
    if translation is None:
        raise ReviewError(
            _("Cette page n'est pas une traduction : elle ne passe pas en relecture.")
        )
    workflow = page.get_workflow()
    if workflow is None or workflow.name != WORKFLOW_NAME:
        raise ReviewError(_("Cette page n'est soumise à aucune relecture de traduction."))
    state = page.current_workflow_state
    if state is not None and state.status == WorkflowState.STATUS_IN_PROGRESS:
        raise ReviewError(_("Cette traduction est déjà en relecture."))
    translation.save_target(user=user, publish=False)
    page.refresh_from_db()
    if state is not None and state.status == WorkflowState.STATUS_NEEDS_CHANGES:
        state.resume(user=user)
        return state
    return workflow.start(page, user)
