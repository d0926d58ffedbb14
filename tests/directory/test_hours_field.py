"""Partners and moderators edit opening hours day by day; the OSM string stays the stored
format, round-trips exactly, and anything the grid cannot show stays as typed."""

import random
from datetime import date, datetime
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
    Period,
    compress,
    decompress,
    parse_date,
    parse_time,
)
from directory.models import ReferentRole, ResidenceReferent
from directory.opening import PARIS, OpeningState, opening_status, week_schedule
from directory.validators import validate_opening_hours
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


# --- Public holidays and dated periods --------------------------------------------------------
CHRISTMAS_AND_SUMMER = (
    "Mo-Fr 09:00-17:00; 2027 Jul 01-2027 Aug 31 Mo-Fr 09:00-12:00; PH off; "
    "2026 Dec 24-2027 Jan 01 off"
)
WITH_PERIODS = [
    CHRISTMAS_AND_SUMMER,
    "Mo-Fr 09:00-17:00; PH 09:00-12:00",
    "Mo-Fr 09:00-12:00,14:00-17:00; Sa 10:00-12:00; PH 10:00-12:00",
    "Tu,Th 14:00-17:00; 2027 Jul 01-2027 Aug 31 10:00-12:00,14:00-16:00; "
    "PH 09:00-12:00; 2026 Dec 24-2026 Dec 24 off; 2027 May 10-2027 May 14 off",
    "Mo-Fr 09:00-17:00; 2027 Aug 02-2027 Aug 20 Tu,Th 09:00-12:00",
    "2026 Dec 24-2027 Jan 01 off",
]


def render_and_post(expression):
    """The fields a browser posts back from the widget showing `expression`, untouched."""
    html = OpeningHoursWidget().render("opening_hours", expression, {"id": "id_opening_hours"})
    data = browser_form(f"<form>{html}</form>")
    return {name: values[-1] for name, values in data.items()}


@pytest.mark.parametrize("expression", WITH_PERIODS)
def test_hours_with_public_holidays_open_and_dated_periods_round_trip_exactly(expression):
    validate_opening_hours(expression)
    grid = decompress(expression)
    assert grid is not None
    assert compress(grid) == expression
    posted = render_and_post(expression)
    assert posted["opening_hours_mode"] == "grid"
    assert clean(posted) == expression


def test_the_grid_writes_periods_of_hours_before_the_holidays_and_closures_after():
    grid = HoursGrid(
        days=(((540, 1020),),) * 5 + ((), ()),
        periods=(
            Period(date(2026, 12, 24), date(2027, 1, 1)),
            Period(date(2027, 7, 1), date(2027, 8, 31), ((540, 720),), (0, 1, 2, 3, 4)),
        ),
    )
    assert compress(grid) == CHRISTMAS_AND_SUMMER
    assert decompress(CHRISTMAS_AND_SUMMER) == grid


@pytest.mark.parametrize(
    "expression",
    [
        # Holidays before the summer hours: 14 July would open in summer; not the grid's order.
        "Mo-Fr 09:00-17:00; PH off; 2026 Dec 24-2027 Jan 01 off; "
        "2027 Jul 01-2027 Aug 31 Mo-Fr 09:00-12:00",
        "Mo-Fr 09:00-17:00; Dec 24-Jan 01 off",
        "Mo-Fr 09:00-17:00; 2026 Dec 24 off",
        "Mo-Fr 09:00-17:00; 2026 Dec 24-2026 Dec 20 off",
        "Mo-Fr 09:00-17:00; 2026 Dec 20-2026 Dec 28 off; 2026 Dec 24-2027 Jan 01 off",
        "Mo-Fr 09:00-17:00; 2027 Feb 30-2027 Mar 02 off",
        "Mo-Fr 09:00-17:00; PH off; PH 09:00-12:00",
        "Mo-Fr 09:00-17:00; 2027 Aug 02-2027 Aug 20 Mo-Su 09:00-12:00; PH off",
        "Mo-Fr 09:00-17:00; PH 09:00-10:00,11:00-12:00,14:00-15:00",
        'Mo-Fr 09:00-17:00; 2027 Jul 01-2027 Aug 31 Mo-Fr 09:00-12:00 "été"',
    ],
)
def test_a_dated_expression_the_grid_cannot_write_stays_in_expert_mode_unchanged(expression):
    assert decompress(expression) is None
    posted = render_and_post(expression)
    assert posted["opening_hours_mode"] == "expert"
    assert clean(posted) == expression


def period_post(week=None, holidays="off", holiday_hours=(), periods=()):
    data = grid_post(week or {}, holidays_closed=False)
    data["opening_hours_ph"] = holidays
    for slot, (start, end) in enumerate(holiday_hours):
        data[f"opening_hours_PH_{slot}_start"], data[f"opening_hours_PH_{slot}_end"] = start, end
    for line, period in enumerate(periods):
        prefix = f"opening_hours_period_{line}"
        data[f"{prefix}_from"], data[f"{prefix}_to"] = period.get("from", ""), period.get("to", "")
        data[f"{prefix}_kind"] = period.get("kind", "closed")
        for day in period.get("days", ()):
            data[f"{prefix}_{day}"] = "on"
        for slot, (start, end) in enumerate(period.get("hours", ())):
            data[f"{prefix}_{slot}_start"], data[f"{prefix}_{slot}_end"] = start, end
    return data


WEEKDAYS_9_17 = {day: [("9h", "17h")] for day in ("Mo", "Tu", "We", "Th", "Fr")}


def test_a_partner_types_a_christmas_closure_and_summer_hours_with_french_dates():
    posted = period_post(
        WEEKDAYS_9_17,
        periods=[
            {
                "from": "01/07/2027",
                "to": "2027-08-31",
                "kind": "hours",
                "hours": [("9h", "12h")],
                "days": ("Mo", "Tu", "We", "Th", "Fr"),
            },
            {},
            {"from": "24/12/2026", "to": "1/1/2027"},
        ],
    )
    assert clean(posted) == CHRISTMAS_AND_SUMMER
    open_holidays = period_post(WEEKDAYS_9_17, holidays="hours", holiday_hours=[("9h", "12h")])
    assert clean(open_holidays) == "Mo-Fr 09:00-17:00; PH 09:00-12:00"
    like_any_day = period_post(WEEKDAYS_9_17, holidays="same")
    assert clean(like_any_day) == "Mo-Fr 09:00-17:00"
    every_day_ticked = period_post(
        WEEKDAYS_9_17,
        periods=[
            {
                "from": "02/08/2027",
                "to": "20/08/2027",
                "kind": "hours",
                "hours": [("9h", "12h")],
                "days": DAYS,
            }
        ],
    )
    assert clean(every_day_ticked) == (
        "Mo-Fr 09:00-17:00; 2027 Aug 02-2027 Aug 20 09:00-12:00; PH off"
    )


def test_dates_are_typed_the_french_way_or_posted_by_a_date_input():
    assert parse_date("24/12/2026") == parse_date("2026-12-24") == date(2026, 12, 24)
    assert parse_date(" 1/1/2027 ") == date(2027, 1, 1)
    for typed in ("31/02/2026", "24/12/26", "24 décembre", "2026-13-01"):
        with pytest.raises(ValueError):
            parse_date(typed)


@pytest.mark.parametrize(
    ("periods", "holidays", "message"),
    [
        (
            [{"from": "24/12/2026", "to": "20/12/2026"}],
            "off",
            "Période 1 : la date de fin (20/12/2026) est avant la date de début (24/12/2026).",
        ),
        (
            [{}, {"from": "31/02/2026", "to": "03/03/2026"}],
            "off",
            "Période 2 : « 31/02/2026 » n'est pas une date ; écrivez-la jj/mm/aaaa",
        ),
        (
            [{"from": "24/12/2026"}],
            "off",
            "Période 1 : indiquez la date de début et la date de fin.",
        ),
        (
            [
                {"from": "20/12/2026", "to": "28/12/2026"},
                {"from": "24/12/2026", "to": "01/01/2027"},
            ],
            "off",
            "Période 2 : elle chevauche la période 1",
        ),
        (
            [
                {
                    "from": "01/07/2027",
                    "to": "31/08/2027",
                    "kind": "hours",
                    "hours": [("9h", "13h"), ("12h", "17h")],
                }
            ],
            "off",
            "Période 1 : les plages 09:00–13:00 et 12:00–17:00 se chevauchent.",
        ),
        (
            [{"from": "01/07/2027", "to": "31/08/2027", "kind": "hours", "hours": [("12h", "9h")]}],
            "off",
            "Période 1 : la plage finit (09:00) avant de commencer (12:00).",
        ),
        (
            [{"from": "01/07/2027", "to": "31/08/2027", "kind": "hours"}],
            "off",
            "Période 1 : indiquez les horaires de la période, ou choisissez « fermé ».",
        ),
        (
            [{"from": "01/07/2027", "to": "31/08/2027", "hours": [("9h", "12h")]}],
            "off",
            "Période 1 : vous avez choisi « fermé » et saisi des horaires",
        ),
        ([], "hours", "Jours fériés : indiquez les horaires d'ouverture"),
    ],
)
def test_a_mistake_in_a_period_or_the_holidays_is_explained_in_french_naming_the_line(
    periods, holidays, message
):
    with pytest.raises(ValidationError) as error:
        clean(period_post(WEEKDAYS_9_17, holidays=holidays, periods=periods))
    assert any(message in text for text in error.value.messages), error.value.messages


def test_holiday_hours_that_overlap_are_explained_naming_the_holidays():
    posted = period_post(
        WEEKDAYS_9_17, holidays="hours", holiday_hours=[("9h", "12h"), ("11h", "14h")]
    )
    with pytest.raises(ValidationError) as error:
        clean(posted)
    assert "Jours fériés : les plages 09:00–12:00 et 11:00–14:00 se chevauchent." in (
        error.value.messages
    )


def paris(*parts):
    return datetime(*parts, tzinfo=PARIS)


@pytest.mark.parametrize(
    ("moment", "state"),
    [
        (paris(2026, 12, 23, 15), OpeningState.OPEN),  # the day before the closure
        (paris(2026, 12, 28, 10), OpeningState.CLOSED),  # a Monday inside the closure
        (paris(2027, 1, 4, 10), OpeningState.OPEN),  # back to the weekly hours
        (paris(2027, 7, 15, 10), OpeningState.OPEN),  # summer morning
        (paris(2027, 7, 15, 15), OpeningState.CLOSED),  # summer afternoon
        (paris(2027, 7, 14, 10), OpeningState.CLOSED),  # 14 July inside summer: holiday
        (paris(2027, 9, 1, 15), OpeningState.OPEN),  # after the summer
    ],
)
def test_a_period_overrides_the_weekly_hours_on_its_dates(moment, state):
    assert opening_status(CHRISTMAS_AND_SUMMER, moment).state == state


def test_open_holidays_keep_their_hours_but_a_closure_closes_them():
    expression = "Mo-Fr 09:00-17:00; PH 09:00-12:00; 2026 Dec 24-2027 Jan 01 off"
    assert decompress(expression) is not None
    assert opening_status(expression, paris(2027, 5, 8, 10)).is_open  # 8 May, a Saturday
    assert not opening_status(expression, paris(2027, 5, 8, 13)).is_open
    assert not opening_status(expression, paris(2027, 1, 1, 10)).is_open
    assert opening_status("Mo-Fr 09:00-17:00; PH off", paris(2027, 5, 8, 10)).state == (
        OpeningState.CLOSED
    )


def test_the_week_ahead_shows_the_closure_days_closed():
    week = {
        day.day: day.ranges for day in week_schedule(CHRISTMAS_AND_SUMMER, paris(2026, 12, 21, 8))
    }
    assert week[date(2026, 12, 23)] == ("9 h – 17 h",)
    assert week[date(2026, 12, 24)] == ()
    assert week[date(2026, 12, 25)] == ()


@pytest.mark.django_db
def test_a_partner_saves_a_christmas_closure_from_the_admin_form(client, partner_org):
    org, member = partner_org
    client.force_login(member)
    url = reverse("directory_organisation:edit", args=[org.pk])
    data = browser_form(client.get(url).text)
    assert data["opening_hours_ph"] == ["off"]
    assert data["opening_hours_period_0_from"] == [""]
    data["opening_hours_period_0_from"] = ["24/12/2026"]
    data["opening_hours_period_0_to"] = ["2027-01-01"]
    response = client.post(url, data)
    assert response.status_code == 302, response.context["form"].errors
    org.refresh_from_db()
    assert org.opening_hours == "Mo-Fr 09:00-17:00; PH off; 2026 Dec 24-2027 Jan 01 off"

    # The form shows the closure again, with an empty line to add another one.
    data = browser_form(client.get(url).text)
    assert data["opening_hours_mode"] == ["grid"]
    assert data["opening_hours_period_0_from"] == ["2026-12-24"]
    assert data["opening_hours_period_0_kind"] == ["closed"]
    assert data["opening_hours_period_1_from"] == [""]
    data["opening_hours_ph"] = ["hours"]
    data["opening_hours_PH_0_start"], data["opening_hours_PH_0_end"] = ["10h"], ["12h"]
    data["opening_hours_period_1_from"], data["opening_hours_period_1_to"] = (
        ["28/12/2026"],
        ["02/01/2027"],
    )
    response = client.post(url, data)
    assert response.status_code == 200
    assert "Période 2 : elle chevauche la période 1" in response.text
    data["opening_hours_period_1_from"], data["opening_hours_period_1_to"] = [""], [""]
    response = client.post(url, data)
    assert response.status_code == 302, response.context["form"].errors
    org.refresh_from_db()
    assert org.opening_hours == "Mo-Fr 09:00-17:00; PH 10:00-12:00; 2026 Dec 24-2027 Jan 01 off"


@pytest.mark.django_db
def test_a_closed_day_looks_empty_and_each_period_is_a_named_group(client, partner_org):
    """An empty slot shows nothing (a « 9h » placeholder read as Saturday's hours), each dated
    period is a fieldset whose legend names it for the choices inside, and the editor brings
    its own layout to the admin page."""
    org, member = partner_org
    org.opening_hours = "Mo-Fr 09:00-17:00; PH off; 2026 Dec 24-2027 Jan 01 off"
    org.save()
    client.force_login(member)
    html = client.get(reverse("directory_organisation:edit", args=[org.pk])).text
    for placeholder in ('placeholder="9h"', 'placeholder="12h"', 'placeholder="jj/mm/aaaa"'):
        assert placeholder not in html
    assert '<fieldset class="opening-hours__period"><legend>Période 1</legend>' in html
    assert '<fieldset class="opening-hours__period"><legend>Période 2</legend>' in html
    assert "css/opening_hours.css" in html
