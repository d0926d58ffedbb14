"""Partners and moderators edit opening hours day by day; the OSM string stays the stored
format, round-trips exactly, and anything the grid cannot show stays as typed."""

import random
from html.parser import HTMLParser

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from opening_hours import validate as is_valid_expression

from demo.directory_content import HOURS_AT_HOME, HOURS_HELPLINE, OPENING_HOURS
from directory.hours_field import (
    DAYS,
    HoursGrid,
    OpeningHoursField,
    OpeningHoursWidget,
    compress,
    decompress,
    parse_time,
)
from directory.models import ReferentRole, ResidenceReferent
from tests.directory.factories import (
    ItineraryStopFactory,
    MembershipFactory,
    OrganisationFactory,
    ResidenceFactory,
    ServiceFactory,
    real_commune,
)

pytestmark = [
    # Raised by another app's admin viewset (notifications) when the admin URLs load.
    pytest.mark.filterwarnings("ignore:A permission policy for Delivery:DeprecationWarning"),
]
DEMO_EXPRESSIONS = [*OPENING_HOURS, HOURS_AT_HOME, HOURS_HELPLINE]


# --- The string and the grid ------------------------------------------------------------------
@pytest.mark.parametrize("expression", DEMO_EXPRESSIONS)
def test_every_demo_expression_opens_in_the_grid_and_saves_back_unchanged(expression):
    grid = decompress(expression)
    assert grid is not None and not grid.is_empty
    assert compress(grid) == expression


def test_the_grid_writes_consecutive_days_as_one_rule():
    morning_afternoon = ((9 * 60, 12 * 60), (13 * 60 + 30, 17 * 60))
    grid = HoursGrid(days=(morning_afternoon,) * 5 + ((), ()), holidays_closed=True)
    assert compress(grid) == "Mo-Fr 09:00-12:00,13:30-17:00; PH off"
    split = HoursGrid(
        days=((), ((600, 720),), (), ((600, 720),), (), (), ()), holidays_closed=False
    )
    assert compress(split) == "Tu,Th 10:00-12:00"


def test_many_generated_week_grids_round_trip_and_are_valid_osm():
    rng = random.Random(16)
    choices = [
        (),
        ((9 * 60, 12 * 60),),
        ((8 * 60 + 30, 12 * 60 + 30), (13 * 60 + 30, 17 * 60 + 30)),
        ((14 * 60, 17 * 60),),
        ((0, 24 * 60),),
        ((7 * 60 + 15, 11 * 60 + 45), (12 * 60, 21 * 60)),
    ]
    for _ in range(500):
        grid = HoursGrid(
            days=tuple(rng.choice(choices) for _day in DAYS), holidays_closed=rng.random() < 0.5
        )
        expression = compress(grid)
        if grid.is_empty:
            assert expression == ""
            continue
        assert is_valid_expression(expression), expression
        assert decompress(expression) == grid, expression


@pytest.mark.parametrize(
    "expression",
    [
        'Mo-Fr 09:00-12:00; Sa 10:00-12:00 "sur rendez-vous"',
        "Mo-Fr 09:00-17:00; Jul-Aug off",
        "week 1-53/2 Mo 09:00-12:00",
        "Mo-Fr 22:00-02:00",
        "Mo-Fr 09:00-12:00,13:00-15:00,16:00-18:00",
        "Mo-Tu 09:00-12:00",  # a spelling the grid would write « Mo,Tu »
        "Mo 14:00-17:00,09:00-12:00",
    ],
)
def test_an_expression_the_grid_cannot_show_stays_in_expert_mode_unchanged(expression):
    assert decompress(expression) is None
    widget = OpeningHoursWidget()
    context = widget.get_context("opening_hours", expression, {"id": "id_opening_hours"})
    assert context["hours"]["mode"] == "expert"
    assert context["hours"]["expert"] == expression
    field = OpeningHoursField(required=False)
    posted = widget.value_from_datadict(
        {"opening_hours_mode": "expert", "opening_hours": expression}, {}, "opening_hours"
    )
    assert field.clean(posted) == expression


@pytest.mark.parametrize(
    ("typed", "minutes"),
    [
        ("9h", 540),
        ("9h30", 570),
        ("09:30", 570),
        ("9:30", 570),
        (" 13 h 30 ", 810),
        ("24:00", 1440),
    ],
)
def test_times_are_typed_the_french_way(typed, minutes):
    assert parse_time(typed) == minutes


# --- The form, as a browser posts it ----------------------------------------------------------
def grid_post(rows, holidays_closed=True, mode="grid", expert=""):
    data = {"opening_hours_mode": mode, "opening_hours": expert}
    if holidays_closed:
        data["opening_hours_ph_off"] = "on"
    for day, ranges in rows.items():
        for slot, (start, end) in enumerate(ranges):
            data[f"opening_hours_{day}_{slot}_start"] = start
            data[f"opening_hours_{day}_{slot}_end"] = end
    return data


def clean(data):
    field = OpeningHoursField(required=False)
    return field.clean(field.widget.value_from_datadict(data, {}, "opening_hours"))


def test_a_partner_types_lundi_to_vendredi_9h_12h_and_13h30_17h():
    week = {day: [("9h", "12h"), ("13h30", "17:00")] for day in ("Mo", "Tu", "We", "Th", "Fr")}
    assert clean(grid_post(week)) == "Mo-Fr 09:00-12:00,13:30-17:00; PH off"
    assert clean(grid_post({"Sa": [("10h", "12h")]}, holidays_closed=False)) == "Sa 10:00-12:00"
    assert clean(grid_post({})) == ""


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        ({"Mo": [("12h", "9h")]}, "Lundi : la plage finit (09:00) avant de commencer (12:00)."),
        (
            {"We": [("9h", "13h"), ("12h", "17h")]},
            "Mercredi : les plages 09:00–13:00 et 12:00–17:00 se chevauchent.",
        ),
        ({"Tu": [("25:00", "26h")]}, "Mardi : « 25:00 » n'est pas une heure"),
        ({"Fr": [("9h7", "12h")]}, "Vendredi : « 9h7 » n'est pas une heure"),
        ({"Su": [("9h", "")]}, "Dimanche : indiquez l'heure de début et l'heure de fin."),
    ],
)
def test_a_mistake_in_the_grid_is_explained_in_french_naming_the_day(rows, message):
    with pytest.raises(ValidationError) as error:
        clean(grid_post(rows))
    assert any(message in text for text in error.value.messages), error.value.messages


# --- The Wagtail admin, without JavaScript ----------------------------------------------------
class EditForm(HTMLParser):
    """The fields a browser would post from the form holding the hours grid."""

    def __init__(self):
        super().__init__()
        self.forms, self.current, self.select, self.textarea = [], None, None, None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.current = []
            self.forms.append(self.current)
        elif self.current is None or ("name" not in attrs and tag != "option"):
            return
        elif tag == "input":
            kind = attrs.get("type", "text")
            if kind in {"checkbox", "radio"} and "checked" not in attrs:
                return
            if kind not in {"submit", "button", "file"}:
                self.current.append(
                    (
                        attrs["name"],
                        attrs.get("value", "on" if kind in {"checkbox", "radio"} else ""),
                    )
                )
        elif tag == "select":
            self.select = attrs["name"]
        elif tag == "option" and self.select and "selected" in attrs:
            self.current.append((self.select, attrs.get("value", "")))
        elif tag == "textarea":
            self.textarea = attrs["name"]
            self.current.append((self.textarea, ""))

    def handle_data(self, data):
        if self.textarea and self.current:
            name, text = self.current[-1]
            self.current[-1] = (name, text + data)

    def handle_endtag(self, tag):
        if tag == "select":
            self.select = None
        elif tag == "textarea":
            self.textarea = None
        elif tag == "form":
            self.current = None


def browser_form(html):
    parser = EditForm()
    parser.feed(html)
    fields = next(
        form
        for form in parser.forms
        if any(name.endswith("opening_hours_mode") for name, _v in form)
    )
    data = {}
    for name, value in fields:
        data.setdefault(name, []).append(value.strip("\n") if name == "description" else value)
    return data


@pytest.fixture
def partner_org(db):
    org = OrganisationFactory(
        commune=real_commune("Montreuil"),
        postcode="93100",
        opening_hours="Mo-Fr 09:00-17:00; PH off",
    )
    member = MembershipFactory(organisation=org, role="admin").user
    return org, member


@pytest.mark.django_db
def test_a_partner_saves_hours_from_the_grid_with_a_plain_form_post(client, partner_org):
    org, member = partner_org
    client.force_login(member)
    url = reverse("directory_organisation:edit", args=[org.pk])
    page = client.get(url)
    assert page.status_code == 200
    data = browser_form(page.text)
    assert data["opening_hours_mode"] == ["grid"]
    assert data["opening_hours_Mo_0_start"] == ["09:00"]
    for day in ("Sa", "Su"):
        assert data[f"opening_hours_{day}_0_start"] == [""]
    data["opening_hours_Fr_0_end"] = ["12h"]
    data["opening_hours_Sa_0_start"], data["opening_hours_Sa_0_end"] = ["9h30"], ["12h"]
    response = client.post(url, data)
    assert response.status_code == 302, response.context["form"].errors
    org.refresh_from_db()
    assert org.opening_hours == "Mo-Th 09:00-17:00; Fr 09:00-12:00; Sa 09:30-12:00; PH off"

    data["opening_hours_Mo_1_start"], data["opening_hours_Mo_1_end"] = ["16h"], ["18h"]
    response = client.post(url, data)
    assert response.status_code == 200
    assert "Lundi : les plages 09:00–17:00 et 16:00–18:00 se chevauchent." in response.text
    # The page shown again keeps what was typed.
    assert browser_form(response.text)["opening_hours_Mo_1_start"] == ["16h"]


@pytest.mark.django_db
def test_an_expert_string_survives_an_unrelated_edit(client, partner_org):
    org, member = partner_org
    expression = 'Mo-Fr 09:00-12:00; Sa 10:00-12:00 "sur rendez-vous"; PH off'
    org.opening_hours = expression
    org.save()
    client.force_login(member)
    url = reverse("directory_organisation:edit", args=[org.pk])
    data = browser_form(client.get(url).text)
    assert data["opening_hours_mode"] == ["expert"]
    assert data["opening_hours"] == [expression]
    data["website"] = ["https://example.org/"]
    response = client.post(url, data)
    assert response.status_code == 302, response.context["form"].errors
    org.refresh_from_db()
    assert org.website == "https://example.org/"
    assert org.opening_hours == expression


@pytest.mark.django_db
def test_a_service_form_edits_hours_in_the_grid_too(client, partner_org):
    _org, member = partner_org
    client.force_login(member)
    page = client.get(reverse("directory_service:add"))
    assert page.status_code == 200
    assert 'name="opening_hours_We_1_end"' in page.text
    assert "Fermé les jours fériés" in page.text


@pytest.mark.django_db
def test_a_mobile_team_edits_a_stop_day_by_day_and_a_first_monday_stop_stays_as_typed(
    client, partner_org
):
    org, member = partner_org
    service = ServiceFactory(organisation=org)
    weekly = ItineraryStopFactory(service=service, opening_hours="We 14:00-17:00")
    monthly = ItineraryStopFactory(
        service=service, place_label="Marché", opening_hours="Mo[1] 09:00-12:00"
    )
    client.force_login(member)
    url = reverse("directory_service:edit", args=[service.pk])
    data = browser_form(client.get(url).text)
    assert data["stops-0-opening_hours_mode"] == ["grid"]
    assert data["stops-0-opening_hours_We_0_start"] == ["14:00"]
    assert data["stops-1-opening_hours_mode"] == ["expert"]
    assert data["stops-1-opening_hours"] == ["Mo[1] 09:00-12:00"]
    data["stops-0-opening_hours_Sa_0_start"], data["stops-0-opening_hours_Sa_0_end"] = (
        ["9h"],
        ["11h30"],
    )
    response = client.post(url, data)
    assert response.status_code == 302, response.context["form"].errors
    weekly.refresh_from_db()
    monthly.refresh_from_db()
    assert weekly.opening_hours == "We 14:00-17:00; Sa 09:00-11:30"
    assert monthly.opening_hours == "Mo[1] 09:00-12:00"


@pytest.mark.django_db
def test_a_landlord_edits_a_residence_contacts_hours_day_by_day(client):
    residence = ResidenceFactory(landlord__commune=real_commune("Montreuil"))
    contact = ResidenceReferent.objects.create(
        residence=residence,
        role=ReferentRole.MANAGER,
        label="Service seniors",
        phone="+33145000002",
        opening_hours="Mo-Fr 09:00-12:00; PH off",
    )
    manager = MembershipFactory(organisation=residence.landlord, role="admin").user
    client.force_login(manager)
    url = reverse("directory_residence:edit", args=[residence.pk])
    data = browser_form(client.get(url).text)
    assert data["referents-0-opening_hours_Fr_0_end"] == ["12:00"]
    data["referents-0-opening_hours_Fr_0_start"], data["referents-0-opening_hours_Fr_0_end"] = (
        [""],
        [""],
    )
    data["referents-0-opening_hours_ph"] = ["same"]
    response = client.post(url, data)
    assert response.status_code == 302, response.context["form"].errors
    contact.refresh_from_db()
    assert contact.opening_hours == "Mo-Th 09:00-12:00"
