"""Translated pages are reviewed before they are public (issue #19 item 4): the workflow
« Relecture des traductions » (one group-approval task for the « Modérateurs » group) assigned
to the root page of every locale but French that exists now, with the moderators' page
permissions « change » and « publish » there; later ones get them when they appear (guides/translation_review.py, the same names). Idempotent."""

from django.conf import settings
from django.db import migrations

MODERATORS_GROUP = "Modérateurs"  # accounts.roles.MODERATORS_GROUP
WORKFLOW_NAME = "Relecture des traductions"  # guides.translation_review.WORKFLOW_NAME
TASK_NAME = "Relecture par un modérateur"  # guides.translation_review.TASK_NAME
REVIEWER_PAGE_PERMISSIONS = ("change_page", "publish_page")  # the approver publishes


def assign(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Group = apps.get_model("auth", "Group")
    Page = apps.get_model("wagtailcore", "Page")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowPage = apps.get_model("wagtailcore", "WorkflowPage")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")
    GroupApprovalTask = apps.get_model("wagtailcore", "GroupApprovalTask")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    Permission = apps.get_model("auth", "Permission")

    workflow, _ = Workflow.objects.update_or_create(
        name=WORKFLOW_NAME, defaults={"active": True}
    )  # active again after a reverse migration
    task = GroupApprovalTask.objects.filter(name=TASK_NAME).first()
    if task is None:
        content_type, _ = ContentType.objects.get_or_create(
            app_label="wagtailcore", model="groupapprovaltask"
        )
        task = GroupApprovalTask.objects.create(
            name=TASK_NAME, content_type=content_type, active=True
        )
    moderators, _ = Group.objects.get_or_create(name=MODERATORS_GROUP)
    task.groups.add(moderators)
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
    default_language = settings.LANGUAGE_CODE
    for root in Page.objects.filter(depth=2).exclude(locale__language_code=default_language):
        WorkflowPage.objects.update_or_create(page=root, defaults={"workflow": workflow})
        for permission in Permission.objects.filter(
            content_type__app_label="wagtailcore", codename__in=REVIEWER_PAGE_PERMISSIONS
        ):
            GroupPagePermission.objects.get_or_create(
                group=moderators, page=root, permission=permission
            )


def unassign(apps, schema_editor):
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowPage = apps.get_model("wagtailcore", "WorkflowPage")
    Group = apps.get_model("auth", "Group")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    roots = WorkflowPage.objects.filter(workflow__name=WORKFLOW_NAME).values("page")
    GroupPagePermission.objects.filter(
        group__in=Group.objects.filter(name=MODERATORS_GROUP),
        page__in=roots,
        permission__codename__in=REVIEWER_PAGE_PERMISSIONS,
    ).delete()
    WorkflowPage.objects.filter(workflow__name=WORKFLOW_NAME).delete()
    Workflow.objects.filter(name=WORKFLOW_NAME).update(active=False)


class Migration(migrations.Migration):
    dependencies = [
        ("guides", "0004_audience_tous_publics"),
        ("wagtailcore", "0098_apitoken"),
        ("directory", "0007_moderators_admin_access"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(assign, unassign)]
