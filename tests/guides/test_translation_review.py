"""A human review before a translated page is public (issue #19 item 4): the workflow
« Relecture des traductions » on every translated page, the translator submits from
wagtail-localize's translation editor, a moderator approves (published) or asks for changes
(still a draft, with the comment); French pages keep their publishing rules. Through the real
admin views."""

import html

import pytest
from django.contrib.auth.models import Group, Permission
from django.test import Client
from django.urls import reverse
from wagtail.models import GroupPagePermission, Locale, Page, WorkflowPage, WorkflowState

from accounts.roles import MODERATORS_GROUP
from core.content_translation import (
    export_po,
    import_po,
    submit_for_translation,
    translations_in_review,
)
from core.languages import ensure_content_locales
from demo import guides as demo_guides
from demo import translations as demo_translations
from guides.models import GuidePage
from guides.translation_review import (
    SUBMIT_FOR_REVIEW,
    WORKFLOW_NAME,
    assign_review_workflow,
)

from .conftest import make_guide

pytestmark = pytest.mark.django_db

ARABIC = {
    "Adapter son logement": "كيف أكيّف مسكني",
    "Les aménagements utiles et qui appeler.": "التعديلات المفيدة ومن يجب الاتصال به.",
    "Une barre d'appui évite bien des chutes.": "مقبض الإسناد يمنع الكثير من حالات السقوط.",
    "Qui appeler pour adapter son logement ?": "بمن أتصل لتكييف مسكني؟",
}
ARABIC_TITLE = ARABIC["Adapter son logement"]


def admin_user(django_user_model, email, *groups):
    user = django_user_model.objects.create_user(email, "x", is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    user.groups.add(*groups)
    return user


@pytest.fixture
def translator(django_user_model):
    """Edits pages (all locales), may not publish: Wagtail's « Editors » kind of rights."""
    group, _ = Group.objects.get_or_create(name="Traducteurs (test)")
    root = Page.get_first_root_node()
    for codename in ("add_page", "change_page"):
        GroupPagePermission.objects.get_or_create(
            group=group, page=root, permission=Permission.objects.get(codename=codename)
        )
    return admin_user(django_user_model, "traductrice@example.org", group)


@pytest.fixture
def moderator(django_user_model):
    group, _ = Group.objects.get_or_create(name=MODERATORS_GROUP)
    return admin_user(django_user_model, "moderateur@example.org", group)


@pytest.fixture
def french_guide(guide_index):
    ensure_content_locales()
    return make_guide(guide_index)


@pytest.fixture
def arabic_draft(french_guide):
    """The Arabic translation as the translator leaves it: strings translated, a draft."""
    submit_for_translation(french_guide, ["ar"])
    po = export_po(french_guide, "ar")
    for entry in po:
        entry.msgstr = ARABIC[entry.msgid]
    return import_po(french_guide, "ar", po)


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def edit_url(page) -> str:
    return reverse("wagtailadmin_pages:edit", args=[page.pk])


def submit(client, page):
    return client.post(edit_url(page), {SUBMIT_FOR_REVIEW: "1"})


def refused(response) -> bool:
    """The admin turns a PermissionDenied into a redirect home with « Désolé, vous n'avez pas
    les autorisations… »."""
    return response.status_code == 403 or (
        response.status_code == 302 and response.url == reverse("wagtailadmin_home")
    )


def review_action(client, page, action: str, comment: str = ""):
    task_state = page.current_workflow_state.current_task_state
    url = reverse("wagtailadmin_pages:workflow_action", args=[page.pk, action, task_state.pk])
    return client.post(url, {"comment": comment})


def test_every_translated_page_goes_through_the_review_workflow_and_french_ones_keep_theirs(
    arabic_draft, french_guide
):
    arabic_root = Page.objects.get(depth=2, locale__language_code="ar")
    assert WorkflowPage.objects.get(page=arabic_root).workflow.name == WORKFLOW_NAME
    assert arabic_draft.get_workflow().name == WORKFLOW_NAME
    french_workflow = french_guide.get_workflow()
    assert french_workflow is None or french_workflow.name != WORKFLOW_NAME
    assert not WorkflowPage.objects.filter(
        page__locale=Locale.get_default(), workflow__name=WORKFLOW_NAME
    ).exists()
    # A new content language is covered when its first page appears; assigning again is a no-op.
    [spanish] = submit_for_translation(french_guide, ["es"])
    assert spanish.get_workflow().name == WORKFLOW_NAME
    assert assign_review_workflow() == 0


def test_a_translator_submits_an_arabic_translation_and_a_moderator_sees_it_to_review(
    arabic_draft, translator, moderator
):
    editor = client_for(translator).get(edit_url(arabic_draft))
    assert editor.status_code == 200
    assert "Soumettre à la relecture" in editor.text
    assert '"canPublish": false' in html.unescape(editor.text)  # no « Publish » button

    answer = submit(client_for(translator), arabic_draft)
    assert answer.status_code == 302
    arabic_draft.refresh_from_db()
    assert not arabic_draft.live
    state = arabic_draft.current_workflow_state
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    assert state.workflow.name == WORKFLOW_NAME and state.requested_by == translator
    assert Client().get("/ar/guides/adapter-son-logement/").text.count(ARABIC_TITLE) == 0

    reviewer = client_for(moderator)
    dashboard = reviewer.get(reverse("wagtailadmin_home")).text
    assert ARABIC_TITLE in dashboard  # « Mes tâches » / awaiting your review
    to_do = reviewer.get(reverse("orientation_missing_translations"), {"language": "ar"}).text
    assert ARABIC_TITLE in to_do
    task_id = state.current_task_state.task_id
    preview = reverse("wagtailadmin_pages:workflow_preview", args=[arabic_draft.pk, task_id])
    assert preview in html.unescape(to_do)
    assert ARABIC_TITLE in reviewer.get(preview).text
    # Submitting twice is refused while the review is in progress.
    submit(client_for(translator), arabic_draft)
    assert WorkflowState.objects.filter(object_id=str(arabic_draft.pk)).count() == 1


def test_the_moderator_approves_and_the_arabic_page_is_live_and_public(
    arabic_draft, translator, moderator
):
    submit(client_for(translator), arabic_draft)
    arabic_draft.refresh_from_db()
    reviewer = client_for(moderator)
    assert "Approuver et publier" in reviewer.get(edit_url(arabic_draft)).text
    assert review_action(reviewer, arabic_draft, "approve").status_code == 302
    arabic_draft.refresh_from_db()
    assert arabic_draft.live
    assert arabic_draft.current_workflow_state is None
    public = Client().get("/ar/guides/adapter-son-logement/")
    assert public.status_code == 200
    assert f"<h1>{ARABIC_TITLE}</h1>" in public.text


def test_a_translator_alone_cannot_publish_a_translated_page(arabic_draft, translator):
    translator_client = client_for(translator)
    assert refused(translator_client.post(edit_url(arabic_draft), {"action": "publish"}))
    arabic_draft.refresh_from_db()
    assert not arabic_draft.live
    submit(translator_client, arabic_draft)
    arabic_draft.refresh_from_db()
    assert refused(review_action(translator_client, arabic_draft, "approve"))
    assert "Approuver et publier" not in translator_client.get(edit_url(arabic_draft)).text
    arabic_draft.refresh_from_db()
    assert not arabic_draft.live
    assert arabic_draft.current_workflow_state.status == WorkflowState.STATUS_IN_PROGRESS


def test_a_rejected_translation_stays_a_draft_with_the_comment_and_can_be_resubmitted(
    arabic_draft, translator, moderator
):
    submit(client_for(translator), arabic_draft)
    arabic_draft.refresh_from_db()
    comment = "Le titre doit dire « logement », pas « maison »."
    assert review_action(client_for(moderator), arabic_draft, "reject", comment).status_code == 302
    arabic_draft.refresh_from_db()
    assert not arabic_draft.live
    state = arabic_draft.current_workflow_state
    assert state.status == WorkflowState.STATUS_NEEDS_CHANGES
    assert state.current_task_state.comment == comment
    editor = client_for(translator).get(edit_url(arabic_draft)).text
    assert html.escape(comment) in editor and "Soumettre à la relecture" in editor

    submit(client_for(translator), arabic_draft)
    state.refresh_from_db()
    assert state.status == WorkflowState.STATUS_IN_PROGRESS


def test_french_pages_publish_as_before(guide_index, french_guide, django_user_model):
    admin = django_user_model.objects.create_superuser("admin@example.org", "x")
    answer = client_for(admin).post(
        edit_url(guide_index),
        {
            "title": "Guides pratiques du département",
            "slug": "guides",
            "intro": "",
            "action-publish": "action-publish",
        },
    )
    assert answer.status_code == 302
    guide_index.refresh_from_db()
    assert guide_index.live and guide_index.title == "Guides pratiques du département"
    assert guide_index.current_workflow_state is None
    editor = client_for(admin).get(edit_url(french_guide)).text
    assert "data-translation-review" not in editor


def test_the_demo_publishes_its_translations_and_leaves_one_waiting_in_the_review_queue(
    services, site_settings
):
    demo_guides.load()
    summary = demo_translations.load()
    assert "non public, à relire" in summary
    published = GuidePage.objects.filter(slug=demo_translations.PUBLISHED_SLUG)
    assert {page.locale.language_code for page in published.live()} == {"fr", "ar", "en"}
    [waiting] = translations_in_review("ar")
    assert waiting.translated_page.slug == demo_translations.IN_REVIEW_SLUG
    assert not waiting.translated_page.live
    assert demo_translations.load() == summary  # loading twice changes nothing
    assert [state.pk for state in translations_in_review()] == [waiting.pk]
