"""Hypothesis on the forms people fill in: whatever text lands in whatever field, the answer
is a page (the form again with its errors, a redirect, a 400/403/429 with a French message),
never a server error.

The fields are read from each form as it is rendered for the role that uses it, so a field
added later is fuzzed too. The search page and the API have their own fuzzing
(tests/search/test_views.py, tests/api/test_openapi_schemathesis.py)."""

from html.parser import HTMLParser

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.accounts.factories import clear_test_cache

from .world import build_world

pytestmark = pytest.mark.django_db

# What a form may answer to garbage: itself with errors, a redirect after success, a refusal.
ACCEPTABLE = {200, 302, 400, 403, 404, 429}
SKIPPED_FIELDS = {"csrfmiddlewaretoken"}


class FormFields(HTMLParser):
    """Field names and choices of the POST forms of a page (logout and language excepted)."""

    def __init__(self):
        super().__init__()
        self.forms: list[dict] = []
        self._form: dict | None = None
        self._select: str | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            action = attrs.get("action") or ""
            if (attrs.get("method") or "get").lower() == "post" and not any(
                word in action for word in ("logout", "i18n", "langue")
            ):
                self._form = {"action": action, "fields": {}}
                self.forms.append(self._form)
            return
        if self._form is None:
            return
        name = attrs.get("name")
        if tag in ("input", "textarea", "select") and name and name not in SKIPPED_FIELDS:
            if attrs.get("type") in ("file", "submit", "image"):
                return
            self._form["fields"].setdefault(name, [])
            if attrs.get("value") and attrs.get("type") in ("checkbox", "radio"):
                self._form["fields"][name].append(attrs["value"])
            if tag == "select":
                self._select = name
        elif tag == "option" and self._select and attrs.get("value"):
            self._form["fields"][self._select].append(attrs["value"])

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "select":
            self._select = None


def post_forms(client, url):
    parser = FormFields()
    parser.feed(client.get(url).content.decode())
    forms = [form for form in parser.forms if form["fields"]]
    assert forms, f"no POST form with fields on {url}"
    return forms


garbage = st.one_of(
    st.text(max_size=300),
    st.sampled_from(
        [
            "",
            " ",
            "x" * 10_000,
            "' OR 1=1 --",
            "<script>alert(1)</script>",
            "\x00",
            "😀👵🏽",
            "-1",
            "99999999999999999999",
            "2026-02-30",
            "@",
            "a@",
            "http://",
        ]
    ),
)


def field_value(choices):
    """A valid choice sometimes (so later validation steps run too), garbage otherwise."""
    if choices:
        return st.one_of(st.sampled_from(choices), garbage)
    return garbage


@pytest.fixture
def world():
    return build_world()


def cases(world):
    a, b = world.sides["A"], world.sides["B"]
    return [
        ("visitor", reverse("account_signup")),
        ("visitor", reverse("account_login")),
        ("visitor", reverse("events:register", kwargs={"occurrence_id": a.occurrence.pk})),
        ("visitor", reverse("offers:premises_list")),  # the saved-search alert form
        ("landlord", reverse("offers:offer", kwargs={"pk": b.offer.pk})),  # contact request
        ("landlord", reverse("offers:create", kwargs={"kind": "locaux"})),
        ("ess", reverse("offers:create", kwargs={"kind": "offres"})),
        ("holder", reverse("offers:create", kwargs={"kind": "besoins"})),
        ("ess", reverse("accounts:invite", kwargs={"slug": a.ess.slug})),
    ]


CASES = [
    "signup",
    "login",
    "event registration",
    "alert",
    "contact request",
    "new premises",
    "new offer",
    "new need",
    "invitation",
]


@pytest.mark.parametrize("case", range(len(CASES)), ids=CASES)
def test_forms_never_answer_a_server_error(case, client, world):
    role, url = cases(world)[case]
    if world.users[role] is not None:
        client.force_login(world.users[role])
    forms = post_forms(client, url)

    @settings(
        max_examples=25,
        deadline=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
        derandomize=True,
    )
    @given(data=st.data())
    def fuzz(data):
        clear_test_cache()  # rate limits would otherwise answer every later example
        form = data.draw(st.sampled_from(forms))
        values = {
            name: data.draw(field_value(choices), label=name)
            for name, choices in form["fields"].items()
        }
        response = client.post(form["action"] or url, values)
        assert response.status_code in ACCEPTABLE, (response.status_code, values)

    try:
        fuzz()
    finally:
        clear_test_cache()


@pytest.mark.parametrize("target", ["0", "home", "https://ailleurs.example/", "//ailleurs.example"])
def test_a_form_s_next_field_never_breaks_or_leaves_the_site(client, world, target):
    """Found by the fuzzing above: `shortcuts.redirect("0")` looked "0" up as a view name."""
    client.force_login(world.users["gardien"])
    service = world.sides["A"].service
    posts = {
        reverse("notifications:subscribe"): {
            "kind": "premises",
            "frequency": "daily",
            "email": "a@exemple.fr",
        },
        reverse("orientation:toggle_favourite", kwargs={"slug": service.slug}): {},
        reverse("guides:large_print"): {"large_print": "1"},
    }
    for url, data in posts.items():
        clear_test_cache()
        response = client.post(url, {**data, "next": target})
        assert response.status_code == 302, url
        location = response["Location"]
        assert location == target if target in ("0", "home") else location.startswith("/"), url
        assert "ailleurs" not in location
