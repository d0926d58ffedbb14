"""The permission matrix of DESIGN.md §4, walked over every URL of the portal.

Every named URL pattern (`get_resolver()`) must be classified below; an unknown name fails
the test, so a new view cannot ship unclassified. Path parameters are filled with objects
of organisation A (the role's own) and organisation B (nobody's among the test users), and
each role requests both. Every request runs in a savepoint rolled back afterwards, so POST
actions (delete, revoke, publish…) leave the world unchanged for the next request.

Outcomes: "ok" = served (2xx, a form error 400, or a redirect elsewhere than a login page);
"no" = denied (redirect to a login page, 403 or 404 — partners' objects of another
organisation are 404s so that they do not even confirm the object exists); "any" = not
a 500 (token or key pages of third-party apps whose answer depends on the key only)."""

from __future__ import annotations

import logging
import re
import time
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.db import transaction
from django.test import Client
from django.urls import NoReverseMatch, URLPattern, URLResolver, get_resolver, reverse

from api.hsds.ids import Kind
from api.hsds.ids import object_id as hsds_id
from api.hsds.taxonomy import TAXONOMY_ID, term_id
from directory.verification_links import make_token
from orientation.callback_tokens import answer_token
from tests.accounts.factories import clear_test_cache

from .world import ROLES, World, build_world

pytestmark = pytest.mark.django_db

V, G, L, E, H, M, A = ROLES
UNKNOWN_WIDGET = "00000000-0000-4000-8000-000000000000"
LOGIN_PATHS = ("/comptes/login/", "/admin/login/", "/django-admin/login/", "/_util/login/")


# --- Expectations ---------------------------------------------------------------------------
def _rule(ok_a=(), ok_b=(), any_=()) -> dict[str, tuple[str, str]]:
    return {
        role: (
            "any" if role in any_ else ("ok" if role in ok_a else "no"),
            "any" if role in any_ else ("ok" if role in ok_b else "no"),
        )
        for role in ROLES
    }


def public():
    return _rule(ROLES, ROLES)


def public_a_only():
    """A published (side A) vs a draft or forged (side B) object: nobody sees B."""
    return _rule(ROLES, ())


def public_a_moderators_b():
    """Published A for everyone; B (a draft waiting for moderation in the 93) for site admins
    and the 93's moderators, who read what they are asked to publish."""
    return _rule(ROLES, (M, A))


def logged_in():
    return _rule((G, L, E, H, M, A), (G, L, E, H, M, A))


def own(*roles, moderator=False):
    """Members of the A organisation of the right kind; site admins see both sides."""
    ok_b = (A, M) if moderator else (A,)
    return _rule((*roles, A, *((M,) if moderator else ())), ok_b)


def only(*roles):
    return _rule(roles, roles)


def anything():
    return _rule(any_=ROLES)


# --- Cases: URL name → (filler, method, data, expectation) ----------------------------------
Filler = Callable[[World, str, str], dict]


@dataclass
class Case:
    expect: dict
    fill: Filler | None = None
    method: str = "get"
    data: dict | None = None
    label: str = ""


def s(world, side):
    return world.sides[side]


def no_args(world, role, side):
    return {}


def org_slug(world, role, side):
    return {"slug": world.own_org(role, side).slug}


def kind_cases(name: str, expectations: dict, fill_for_kind, method="get", data=None):
    return [
        Case(
            expectations[kind],
            lambda w, r, sd, k=kind: fill_for_kind(w, r, sd, k),
            method,
            data,
            f"{name}[{kind}]",
        )
        for kind in ("offres", "locaux", "besoins", "appels")
    ]


DRAFTS = {
    "offres": "draft_offer",
    "locaux": "draft_premises",
    "besoins": "draft_need",
    "appels": "draft_service_call",
}
PHOTOS = {
    "offres": "offer_photo",
    "locaux": "premises_photo",
    "besoins": "offer_photo",
    "appels": "offer_photo",
}
OWNERS = {"offres": own(E), "locaux": own(L), "besoins": own(H), "appels": own(L)}
NO_PHOTOS = {"besoins": _rule(), "appels": _rule()}  # needs and calls have no photos


def entry(world, role, side, kind):
    return {"kind": kind, "pk": getattr(s(world, side), DRAFTS[kind]).pk}


FRONT: dict[str, list[Case] | Case] = {
    "health": Case(anything(), label="health (503 without a Celery worker)"),
    "wagtaildocs_serve": Case(anything(), lambda w, r, sd: {}, label="no document"),
    "wagtaildocs_authenticate_with_password": Case(
        anything(), lambda w, r, sd: {"restriction_id": 1}
    ),
    "wagtailcore_authenticate_with_password": Case(
        anything(), lambda w, r, sd: {"page_view_restriction_id": 1, "page_id": 1}
    ),
    "wagtailcore_login": Case(public()),
    "wagtail_serve": Case(public(), lambda w, r, sd: {}),
    "set_language": Case(public(), method="post", data={"language": "fr", "next": "/"}),
    "javascript-catalog": Case(public()),
    # Sitemaps and robots.txt (portal/urls.py): public, listing public pages only.
    "sitemap": Case(public()),
    "sitemap_section": Case(public(), lambda w, r, sd: {"section": "services"}),
    "robots_txt": Case(public()),
    # allauth
    "account_login": Case(public()),
    "account_signup": Case(public()),
    "account_logout": Case(anything()),
    "account_inactive": Case(public()),
    "account_reauthenticate": Case(logged_in()),
    "account_email": Case(logged_in()),
    "account_email_verification_sent": Case(public()),
    "account_change_password": Case(logged_in()),
    "account_set_password": Case(anything()),
    "account_reset_password": Case(public()),
    "account_reset_password_done": Case(public()),
    "account_reset_password_from_key_done": Case(public()),
    "account_confirm_login_code": Case(anything()),
    "account_confirm_email": Case(anything(), lambda w, r, sd: {"key": "cle-inventee"}),
    "account_reset_password_from_key": Case(
        anything(), lambda w, r, sd: {"uidb36": "1", "key": "cle-inventee"}
    ),
    # accounts (mon espace)
    "accounts:dashboard": Case(logged_in()),
    "accounts:organisation": Case(own(G, L, E, H), org_slug),
    "accounts:invite": Case(own(L, E, H), org_slug),
    "accounts:invitations": Case(own(L, E, H), org_slug),
    "accounts:revoke_invitation": Case(
        own(E),
        lambda w, r, sd: {"slug": w.own_org(r, sd).slug, "pk": s(w, sd).invitation.pk},
        "post",
    ),
    "accounts:change_role": Case(
        own(E),
        lambda w, r, sd: {"slug": w.own_org(r, sd).slug, "pk": s(w, sd).other_member.pk},
        "post",
        {"role": "member"},
    ),
    "accounts:remove_member": Case(
        own(E), lambda w, r, sd: {"slug": w.own_org(r, sd).slug, "pk": s(w, sd).other_member.pk}
    ),
    "accounts:leave": Case(_rule((G, L, E, H), ()), org_slug),
    # « J'ai vérifié : tout est à jour »: the organisation's admins.
    "accounts:verify": Case(own(L, E, H), org_slug, "post"),
    # The invitee's landing page; any other account gets "wrong address" (403).
    "accounts:invitation": Case(
        _rule((V,), ()),
        lambda w, r, sd: {"token": s(w, sd).invitation.token if sd == "A" else "jeton-invente"},
    ),
    "accounts:my_data": Case(logged_in()),
    "accounts:export": Case(logged_in()),
    "accounts:delete_account": Case(logged_in()),
    "api_tokens:tokens": Case(logged_in()),
    "api_tokens:revoke": Case(own(E), lambda w, r, sd: {"pk": s(w, sd).api_token.pk}, "post"),
    # directory
    "directory:home": Case(public()),
    "directory:organisation": Case(public(), lambda w, r, sd: {"slug": s(w, sd).ess.slug}),
    "directory:service": Case(
        public_a_only(),
        lambda w, r, sd: {"slug": (s(w, sd).service if sd == "A" else s(w, sd).draft_service).slug},
    ),
    # The print view and PDF of a sheet: public like the sheet, a draft answers 404.
    **{
        name: Case(
            public_a_only(),
            lambda w, r, sd: {
                "slug": (s(w, sd).service if sd == "A" else s(w, sd).draft_service).slug
            },
        )
        for name in ("directory:service_print", "directory:service_pdf")
    },
    "directory:commune": Case(public(), lambda w, r, sd: {"slug": w.commune.slug}),
    "directory:category": Case(public(), lambda w, r, sd: {"slug": "aide-a-domicile"}),
    # The signed one-click link of the update reminder: no account needed, the signature is
    # the permission (a forged token is refused); the GET only shows the button.
    "directory:verify": Case(
        public_a_only(),
        lambda w, r, sd: {
            "token": make_token(s(w, sd).ess.pk, s(w, sd).ess.verified_at)
            if sd == "A"
            else "jeton-invente"
        },
    ),
    # The click counter (sendBeacon / <a ping>): open to everyone, without cookie nor CSRF
    # token; it only adds to an aggregate counter. An unknown entry is refused (400).
    "directory:count_click": Case(
        public(), method="post", data={"m": "click_call", "k": "service", "id": "0"}
    ),
    # orientation
    "orientation:index": Case(public()),
    "orientation:call_sheet": Case(
        public_a_only(),
        lambda w, r, sd: {"slug": (s(w, sd).service if sd == "A" else s(w, sd).draft_service).slug},
    ),
    "orientation:toggle_favourite": Case(
        _rule((G, L, E, H, M, A), ()),
        lambda w, r, sd: {"slug": (s(w, sd).service if sd == "A" else s(w, sd).draft_service).slug},
        "post",
    ),
    "orientation:after_login": Case(logged_in()),
    "orientation:residence": Case(
        own(G, L, moderator=True), lambda w, r, sd: {"pk": s(w, sd).residence.pk}
    ),
    "orientation:residence_pdf": Case(
        own(G, L, moderator=True), lambda w, r, sd: {"pk": s(w, sd).residence.pk}
    ),
    "orientation:residences": Case(logged_in()),  # each sees only their own (a list)
    "orientation:glossary": Case(public()),
    "orientation:favourites": Case(logged_in()),
    # Callback requests: gardiens and landlord staff ask; each lists only its own; the
    # recipient organisation answers; the emailed signed link answers without an account.
    "orientation:callback_new": Case(
        _rule((G, L), ()),
        lambda w, r, sd: {"slug": (s(w, sd).service if sd == "A" else s(w, sd).draft_service).slug},
    ),
    # A landlord's own contact: asked by that landlord's staff and gardiens only.
    "orientation:callback_referent": Case(
        _rule((G, L), ()), lambda w, r, sd: {"pk": s(w, sd).referent.pk}
    ),
    "orientation:callbacks_sent": Case(logged_in()),
    "orientation:callbacks_received": Case(logged_in()),
    "orientation:callback_respond": Case(
        _rule((E,), ()),
        lambda w, r, sd: {"pk": s(w, sd).callback_request.pk},
        "post",
        {"decision": "acknowledged"},
    ),
    "orientation:callback_answer": Case(
        public_a_only(),
        lambda w, r, sd: {
            "token": answer_token(s(w, sd).callback_request.pk) if sd == "A" else "jeton-invente"
        },
    ),
    # search
    "search:search": Case(public()),
    "search:suggest": Case(public()),
    # marketplace
    "offers:home": Case(public()),
    "offers:premises_list": Case(public()),
    "offers:offer": Case(
        public_a_moderators_b(),
        lambda w, r, sd: {"pk": (s(w, sd).offer if sd == "A" else s(w, sd).draft_offer).pk},
    ),
    "offers:premises": Case(
        public_a_moderators_b(),
        lambda w, r, sd: {"pk": (s(w, sd).premises if sd == "A" else s(w, sd).draft_premises).pk},
    ),
    "offers:need": Case(
        public_a_moderators_b(),
        lambda w, r, sd: {"pk": (s(w, sd).need if sd == "A" else s(w, sd).draft_need).pk},
    ),
    # Calls for services: open calls for logged-in partners; a submitted call for the
    # landlord's members (through « gérer ») and the moderators of its territory.
    "offers:service_calls": Case(logged_in()),
    "offers:service_call": Case(
        _rule((G, L, E, H, M, A), (M, A)),
        lambda w, r, sd: {
            "pk": (s(w, sd).service_call if sd == "A" else s(w, sd).draft_service_call).pk
        },
    ),
    "offers:dashboard": Case(logged_in()),
    # Creating is offered to every account; the form lists only the user's organisations of
    # the right kind (and sends the others back to the dashboard with a message).
    "offers:create": [
        Case(logged_in(), lambda w, r, sd, k=k: {"kind": k}, label=f"offers:create[{k}]")
        for k in DRAFTS
    ],
    "offers:manage": kind_cases("offers:manage", OWNERS, entry),
    "offers:edit": kind_cases("offers:edit", OWNERS, entry),
    "offers:transition": kind_cases(
        "offers:transition",
        OWNERS,
        lambda w, r, sd, k: {**entry(w, r, sd, k), "action": "cloturer"},
        "post",
    ),
    "offers:add_photo": kind_cases("offers:add_photo", {**OWNERS, **NO_PHOTOS}, entry, "post"),
    "offers:delete_photo": kind_cases(
        "offers:delete_photo",
        {**OWNERS, **NO_PHOTOS},
        lambda w, r, sd, k: {**entry(w, r, sd, k), "photo_pk": getattr(s(w, sd), PHOTOS[k]).pk},
        "post",
    ),
    "offers:requests": Case(logged_in()),
    "offers:contact_request": Case(own(L, E), lambda w, r, sd: {"pk": s(w, sd).contact_request.pk}),
    "offers:matches": Case(logged_in()),
    "offers:match": Case(own(L, H), lambda w, r, sd: {"pk": s(w, sd).match.pk}),
    "offers:match_status": Case(
        own(L, H), lambda w, r, sd: {"pk": s(w, sd).match.pk}, "post", {"status": "seen"}
    ),
    # Outcomes are moved by members of the two parties only (a site admin is not one: 403).
    "offers:match_outcome": Case(
        _rule((L, H), ()),
        lambda w, r, sd: {"pk": s(w, sd).match.pk},
        "post",
        {"outcome": "no_follow_up", "reason": "Pas de suite"},
    ),
    "offers:contact_request_outcome": Case(
        _rule((L, E), ()),
        lambda w, r, sd: {"pk": s(w, sd).contact_request.pk},
        "post",
        {"outcome": "no_follow_up", "reason": "Pas de suite"},
    ),
    "offers:agreements": Case(logged_in()),
    "offers:agreement_create": Case(logged_in()),
    "offers:agreement": Case(own(L, E), lambda w, r, sd: {"pk": s(w, sd).agreement.pk}),
    "offers:agreement_edit": Case(own(L, E), lambda w, r, sd: {"pk": s(w, sd).agreement.pk}),
    "offers:agreement_document": Case(
        own(L, E),
        lambda w, r, sd: {"pk": s(w, sd).agreement.pk, "doc": s(w, sd).agreement_document.pk},
    ),
    # The confirmation page of a document's deletion: either party (the POST deletes).
    "offers:agreement_document_delete": Case(
        own(L, E),
        lambda w, r, sd: {"pk": s(w, sd).agreement.pk, "doc": s(w, sd).agreement_document.pk},
    ),
    # The landlord's page of the providers found for its call, with reasons and answers.
    "offers:service_call_matches": Case(own(L), lambda w, r, sd: {"pk": s(w, sd).service_call.pk}),
    "offers:moderation": Case(only(M, A)),
    "offers:moderate": kind_cases(
        "offers:moderate",
        {kind: only(M, A) for kind in DRAFTS},
        lambda w, r, sd, k: {**entry(w, r, sd, k), "action": "publier"},
        "post",
    ),
    # events
    "events:index": Case(public()),
    "events:archive": Case(public()),
    "events:month_current": Case(public()),
    "events:month": Case(public(), lambda w, r, sd: {"year": 2026, "month": 3}),
    "events:commune": Case(public(), lambda w, r, sd: {"slug": w.commune.slug}),
    "events:organisation": Case(public(), lambda w, r, sd: {"slug": s(w, sd).ess.slug}),
    "events:feed": Case(public()),
    "events:event_ics": Case(public(), lambda w, r, sd: {"event_id": s(w, sd).event.pk}),
    "events:occurrence_ics": Case(
        public(), lambda w, r, sd: {"occurrence_id": s(w, sd).occurrence.pk}
    ),
    "events:register": Case(public(), lambda w, r, sd: {"occurrence_id": s(w, sd).occurrence.pk}),
    "events:registration": Case(
        public_a_only(),
        lambda w, r, sd: {"token": registration_token(s(w, sd).registration, sd)},
    ),
    "events:registration_receipt": Case(
        public_a_only(),
        lambda w, r, sd: {"token": registration_token(s(w, sd).registration, sd)},
    ),
    "events:manage_index": Case(logged_in()),
    "events:manage_occurrence": Case(
        own(E), lambda w, r, sd: {"occurrence_id": s(w, sd).occurrence.pk}
    ),
    "events:manage_action": Case(
        own(E),
        lambda w, r, sd: {
            "occurrence_id": s(w, sd).occurrence.pk,
            "registration_id": s(w, sd).registration.pk,
        },
        "post",
        {"action": "cancel"},
    ),
    "events:export_csv": Case(own(E), lambda w, r, sd: {"occurrence_id": s(w, sd).occurrence.pk}),
    # Public corrections and suggestions: anyone reports on a published sheet (not on a
    # draft); the organisation's own admins handle its reports (site admins and moderators
    # do it in the admin).
    "feedback:report_organisation": Case(public(), lambda w, r, sd: {"slug": s(w, sd).ess.slug}),
    "feedback:report_service": Case(
        public_a_only(),
        lambda w, r, sd: {"slug": (s(w, sd).service if sd == "A" else s(w, sd).draft_service).slug},
    ),
    "feedback:suggest": Case(public()),
    "feedback:thanks": Case(public()),
    "feedback:partner_list": Case(logged_in()),
    "feedback:partner_detail": Case(
        _rule((E,), ()), lambda w, r, sd: {"pk": s(w, sd).feedback_report.pk}
    ),
    # Calls for projects: the list for everyone; a published call for everyone, a draft
    # (side B, proposed by B's ESS in the 93) for those who may edit it: the 93's moderators.
    "funding:list": Case(public()),
    "funding:detail": Case(
        public_a_moderators_b(), lambda w, r, sd: {"pk": s(w, sd).funding_call.pk}
    ),
    # Each sees the calls they may edit (a list); proposing sends a gardien back to the list
    # with a message (a redirect, not a login).
    "funding:mine": Case(logged_in()),
    "funding:create": Case(logged_in()),
    "funding:edit": Case(own(E, moderator=True), lambda w, r, sd: {"pk": s(w, sd).funding_call.pk}),
    # widgets: a partner's widgets in « Mon espace » (members who edit its entries), and the
    # page other sites frame (a widget's id, or an unknown one on side B: 404).
    "widgets:list": Case(logged_in()),
    "widgets:create": Case(logged_in()),
    "widgets:edit": Case(own(E), lambda w, r, sd: {"pk": s(w, sd).widget.pk}),
    "widgets:revoke": Case(own(E), lambda w, r, sd: {"pk": s(w, sd).widget.pk}, "post"),
    "widgets:widget": Case(
        public_a_only(),
        lambda w, r, sd: {"token": s(w, sd).widget.token if sd == "A" else UNKNOWN_WIDGET},
    ),
    # Steering: the gap map and its CSV, for moderators (their territory) and site admins.
    "steering:gaps": Case(only(M, A)),
    "steering:gaps_csv": Case(only(M, A)),
    # Dashboards: the territory's for moderators and site admins; an organisation's figures for
    # its members (not its gardiens), the moderators of its territory and site admins.
    "steering:dashboard": Case(only(M, A)),
    "steering:dashboard_export": Case(
        only(M, A), lambda w, r, sd: {"table": "activite", "fmt": "ods"}
    ),
    "steering:organisation": Case(own(L, E, H, moderator=True), org_slug),
    "steering:organisation_export": Case(
        own(L, E, H, moderator=True),
        lambda w, r, sd: {**org_slug(w, r, sd), "table": "chiffres", "fmt": "csv"},
    ),
    # guides
    "guides:index": Case(public()),
    "guides:large_print": Case(public(), method="post", data={"enabled": "1"}),
    # A hall poster is the landlord's: its staff and gardiens (and site admins), not moderators.
    "guides:residence_poster": Case(own(G, L), lambda w, r, sd: {"pk": s(w, sd).residence.pk}),
    # What the posters' QR codes open: public, with the residence's key.
    "guides:residence_public": Case(
        public(),
        lambda w, r, sd: {"pk": s(w, sd).residence.pk, "key": s(w, sd).residence.public_key},
    ),
    "guides:commune_public": Case(public(), lambda w, r, sd: {"insee_code": w.commune.insee_code}),
    "guides:commune_poster": Case(public(), lambda w, r, sd: {"insee_code": w.commune.insee_code}),
    "guides:pdf": Case(public(), lambda w, r, sd: {"slug": w.guide.slug}),
    # notifications
    "notifications:inbox": Case(logged_in()),
    "notifications:mark_all_read": Case(logged_in(), method="post"),
    "notifications:open": Case(
        _rule((G, L, E, H, M, A), ()),
        lambda w, r, sd: {
            "pk": (w.deliveries[r].pk if r in w.deliveries else w.stranger_delivery.pk)
            if sd == "A"
            else w.stranger_delivery.pk
        },
        "post",
    ),
    "notifications:preferences": Case(logged_in()),
    "notifications:subscribe": Case(
        public(), method="post", data={"kind": "premises", "email": "x@exemple.fr", "next": "/"}
    ),
    "notifications:confirm": Case(
        public_a_only(), lambda w, r, sd: {"token": subscription_token(w, sd, confirm=True)}
    ),
    "notifications:unsubscribe": Case(
        public_a_only(), lambda w, r, sd: {"token": subscription_token(w, sd, confirm=False)}
    ),
}

API_PUBLIC = {
    "api-v1:openapi-json": {},
    "api-v1:openapi-view": {},
    "api-v1:list_organisations": {},
    "api-v1:organisations_csv": {},
    "api-v1:list_services": {},
    "api-v1:services_csv": {},
    "api-v1:list_offers": {},
    "api-v1:offers_csv": {},
    "api-v1:list_premises": {},
    "api-v1:premises_csv": {},
    "api-v1:list_events": {},
    "api-v1:events_csv": {},
    "api-v1:list_communes": {},
    "api-v1:data_inclusion_structures": {},
    "api-v1:data_inclusion_services": {},
    "api-v1:data_inclusion_report": {},
    "feeds:services": {},
    "feeds:services_atom": {},
    "feeds:events": {},
    "feeds:events_atom": {},
    "feeds:calls": {},
    "feeds:calls_atom": {},
}
FRONT["api-v1:api-root"] = Case(anything(), label="api-v1:api-root (no GET view)")
for _name in API_PUBLIC:
    FRONT[_name] = Case(public())
FRONT["api-v1:get_organisation"] = Case(
    public(), lambda w, r, sd: {"organisation_id": s(w, sd).ess.pk}
)
FRONT["api-v1:get_service"] = Case(
    public_a_only(),
    lambda w, r, sd: {"service_id": (s(w, sd).service if sd == "A" else s(w, sd).draft_service).pk},
)
FRONT["api-v1:get_commune"] = Case(public(), lambda w, r, sd: {"insee_code": w.commune.insee_code})
# The HSDS 3.0 API: published entries only (a draft's id answers 404 like an unknown one).
FRONT["api-hsds:api-root"] = Case(
    anything(), label="api-hsds:api-root (ninja's, same path as root)"
)
for _name in (
    "openapi-json",
    "root",
    "list_organizations",
    "list_services",
    "list_service_at_locations",
    "list_locations",
    "list_taxonomies",
    "list_taxonomy_terms",
):
    FRONT[f"api-hsds:{_name}"] = Case(public())
FRONT["api-hsds:get_organization"] = Case(
    public(), lambda w, r, sd: {"id": hsds_id(Kind.ORGANIZATION, s(w, sd).ess.pk)}
)
FRONT["api-hsds:get_service"] = Case(
    public_a_only(),
    lambda w, r, sd: {
        "id": hsds_id(Kind.SERVICE, (s(w, sd).service if sd == "A" else s(w, sd).draft_service).pk)
    },
)
FRONT["api-hsds:get_service_at_location"] = Case(
    public_a_only(),
    lambda w, r, sd: {
        "id": hsds_id(
            Kind.SERVICE_AT_LOCATION,
            (s(w, sd).service if sd == "A" else s(w, sd).draft_service).pk,
        )
    },
)
FRONT["api-hsds:get_location"] = Case(
    public(), lambda w, r, sd: {"id": hsds_id(Kind.ORGANIZATION_LOCATION, s(w, sd).ess.pk)}
)
FRONT["api-hsds:get_taxonomy"] = Case(public(), lambda w, r, sd: {"id": TAXONOMY_ID})
FRONT["api-hsds:get_taxonomy_term"] = Case(public(), lambda w, r, sd: {"id": term_id("sante")})
for _feed in ("services", "events", "calls"):
    FRONT[f"feeds:{_feed}_departement"] = Case(public(), lambda w, r, sd: {"departement": "93"})
    FRONT[f"feeds:{_feed}_departement_atom"] = Case(
        public(), lambda w, r, sd: {"departement": "93"}
    )
for _feed in ("services", "events"):
    FRONT[f"feeds:{_feed}_commune"] = Case(public(), lambda w, r, sd: {"insee": "93048"})
    FRONT[f"feeds:{_feed}_commune_atom"] = Case(public(), lambda w, r, sd: {"insee": "93048"})


def registration_token(registration, side):
    from events.tokens import registration_token as token

    return token(registration) if side == "A" else "jeton-invente"


def subscription_token(world, side, confirm):
    from notifications.tokens import confirm_token, unsubscribe_token

    if side == "B":
        return "jeton-invente"
    return (confirm_token if confirm else unsubscribe_token)(world.subscription.pk)


# --- The admin (Wagtail and Django) -----------------------------------------------------------
# Partners (organisation members, not gardiens) and moderators enter the Wagtail admin to
# edit their own directory entries; everything else there is for site admins.
ADMIN_AREA = (L, E, H, M, A)
# Parameterless admin pages, by name (a trailing * matches any suffix; first match wins).
# Anything under admin/ or django-admin/ not listed here is for site admins only: a new admin
# view that partners can reach makes the test fail until it is classified here (fail closed).
ADMIN_RULES: list[tuple[str, dict]] = [
    # Public pieces of the admin login.
    ("wagtailadmin_login", anything()),
    ("wagtailadmin_logout", anything()),
    ("wagtailadmin_password_reset*", public()),
    ("wagtailadmin_javascript_catalog", public()),
    ("wagtail_localize:javascript_catalog", only(*ADMIN_AREA)),  # its admin strings
    ("wagtailadmin_sprite", public()),
    ("admin:login", public()),
    ("admin:logout", anything()),
    # Wagtail's own debugging view raises on purpose; POST-only or parameter-only endpoints.
    ("wagtailadmin_error_test", anything()),  # skipped: raises on purpose
    ("wagtailsnippets:index", anything()),  # redirects to the only snippet group
    # Chooser "create" tabs: refused (redirect to the chooser) without the add permission;
    # nothing is created (checked by hand once), so any non-500 answer is fine.
    ("guides_glossary_term_chooser:create", anything()),
    ("guides_service_chooser:create", anything()),
    ("wagtailsnippetchoosers_orientation_glossaryterm:create", anything()),
    ("wagtailsnippetchoosers_orientation_situation:create", anything()),
    ("wagtailsnippetchoosers_orientation_situationtranslation:create", anything()),
    ("wagtailsnippetchoosers_orientation_glossarytermtranslation:create", anything()),
    ("wagtailsnippetchoosers_directory_labeltranslation:create", anything()),
    # Uploading images and documents in the admin is for site admins (partners attach photos
    # through the front-office forms, which validate them).
    ("wagtailimages_chooser:create", only(A)),
    ("wagtaildocs_chooser:create", only(A)),
    ("notifications_delivery:add", _rule()),  # the outbox is a read-only log
    ("wagtailredirects:process_import", _rule((A,), (A,), any_=(A,))),
    ("admin:autocomplete", anything()),
    ("wagtailadmin_block_preview", anything()),
    # The partners' admin: their directory entries, choosers used by the editing forms.
    ("directory_organisation:add", only(M, A)),
    ("directory_organisation:index*", only(*ADMIN_AREA)),
    ("directory_service:*", only(*ADMIN_AREA)),
    ("directory_residence:*", only(L, E, H, A)),  # landlords' own; moderators do not need them
    ("directory_moderation_queue", only(M, A)),
    ("funding_call:*", only(M, A)),  # calls for projects of their territory only
    ("directory_freshness", only(M, A)),
    ("directory_duplicates", only(M, A)),  # the queue shows only pairs of their territory
    ("moderation_queue", only(M, A)),
    ("directory_imports", only(M, A)),
    ("feedback_admin_index", only(M, A)),
    ("orientation_missing_translations", only(M, A)),  # who may edit translations
    ("guides_organisation_chooser:create", only(M, A)),
    ("guides_*", only(*ADMIN_AREA)),
    ("wagtailsnippetchoosers_*", only(*ADMIN_AREA)),
    # Situations and glossary: moderators edit them through the "Modérateurs" group's
    # permissions, granted by orientation's data migration (which transactional tests flush,
    # so either outcome is accepted for them); never partners.
    ("wagtailsnippets_orientation_*", _rule((A,), (A,), any_=(M,))),
    # National labels' translations: the same, granted by directory's data migration.
    ("wagtailsnippets_directory_labeltranslation:*", _rule((A,), (A,), any_=(M,))),
    ("wagtailimages_chooser:*", only(*ADMIN_AREA)),
    ("wagtaildocs_chooser:*", only(*ADMIN_AREA)),
    ("wagtailembeds:*", only(*ADMIN_AREA)),
    ("wagtailadmin_choose_page*", only(*ADMIN_AREA)),
    ("wagtailadmin_workflows:task_chooser*", only(*ADMIN_AREA)),
    ("wagtailadmin_api:*", only(*ADMIN_AREA)),  # listings filter by the user's permissions
    ("wagtailadmin_tag_autocomplete", only(*ADMIN_AREA)),
    ("wagtailadmin_reports:site_history*", only(*ADMIN_AREA)),  # filtered to their objects
    ("wagtailadmin_home", only(*ADMIN_AREA)),
    ("wagtailadmin_account", only(*ADMIN_AREA)),
    ("wagtailadmin_dismissibles", only(*ADMIN_AREA)),
]
SITE_ADMINS_ONLY = only(A)


def admin_rule(name: str) -> dict:
    """The first rule whose name matches (a trailing * matches any suffix)."""
    for pattern, rule in ADMIN_RULES:
        if name == pattern or (pattern.endswith("*") and name.startswith(pattern[:-1])):
            return rule
    return SITE_ADMINS_ONLY


# Scoped admin views of the project, with objects of organisations A and B.
ADMIN_SCOPED: dict[str, Case] = {
    "directory_organisation:edit": Case(
        own(L, E, H, moderator=True), lambda w, r, sd: {"pk": w.own_org(r, sd).pk}
    ),
    "directory_organisation:history": Case(
        own(L, E, H, moderator=True), lambda w, r, sd: {"pk": w.own_org(r, sd).pk}
    ),
    "directory_organisation:usage": Case(
        own(L, E, H, moderator=True), lambda w, r, sd: {"pk": w.own_org(r, sd).pk}
    ),
    "directory_organisation:delete": Case(only(M, A), lambda w, r, sd: {"pk": w.own_org(r, sd).pk}),
    "directory_service:edit": Case(
        own(E, moderator=True), lambda w, r, sd: {"pk": s(w, sd).service.pk}
    ),
    "directory_service:delete": Case(
        own(E, moderator=True), lambda w, r, sd: {"pk": s(w, sd).service.pk}
    ),
    "directory_residence:edit": Case(own(L), lambda w, r, sd: {"pk": s(w, sd).residence.pk}),
    # The moderation preview: moderators of the territory (both sides are in the 93), and
    # the entry's own organisation (to submit it).
    "moderation_preview": Case(
        own(L, moderator=True),
        lambda w, r, sd: {"key": "premises", "pk": s(w, sd).draft_premises.pk},
    ),
    "directory_moderate": Case(
        own(E, moderator=True), lambda w, r, sd: {"key": "service", "pk": s(w, sd).service.pk}
    ),
    "directory_residence:delete": Case(own(L), lambda w, r, sd: {"pk": s(w, sd).residence.pk}),
    # Calls for projects of the 93 (both sides): its moderators and site admins.
    "funding_call:edit": Case(only(M, A), lambda w, r, sd: {"pk": s(w, sd).funding_call.pk}),
    "funding_call:delete": Case(only(M, A), lambda w, r, sd: {"pk": s(w, sd).funding_call.pk}),
    # Reports of the 93 (both sides): its moderators and site admins.
    "feedback_admin_detail": Case(only(M, A), lambda w, r, sd: {"pk": s(w, sd).feedback_report.pk}),
}


def walk(patterns, prefix="", namespace=None):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            ns = namespace
            if pattern.namespace:
                ns = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
            yield from walk(pattern.url_patterns, prefix + str(pattern.pattern), ns)
        elif isinstance(pattern, URLPattern) and pattern.name:
            name = f"{namespace}:{pattern.name}" if namespace else pattern.name
            yield prefix + str(pattern.pattern), name, pattern


def all_url_names():
    seen = {}
    for route, name, pattern in walk(get_resolver().url_patterns):
        seen.setdefault(name, (route, pattern))
    return seen


DUMMY = {
    "int": 1,
    "str": "x",
    "slug": "x",
    "path": "1",
    "uuid": "00000000-0000-0000-0000-000000000000",
}


def dummy_kwargs(route: str, pattern) -> dict | None:
    """Values for every parameter of a route (1 for numbers, "x" otherwise)."""
    kwargs = {}
    for converter, param in re.findall(r"<(?:(\w+):)?(\w+)>", route):
        kwargs[param] = DUMMY.get(converter or "str", "x")
    for param in re.findall(r"\(\?P<(\w+)>", route):
        kwargs[param] = "1"
    if re.search(r"\((?!\?P)", route.replace("(?:", "")):
        return None  # positional regex groups: filled by hand where classified
    return kwargs


def first_choice(route: str, param: str) -> str:
    match = re.search(rf"\(\?P<{param}>([\w|]+)\)", route)
    return match.group(1).split("|")[0] if match else "1"


def outcome(response, request_path: str = "") -> str:
    if response.status_code == 500:
        return "500"
    if response.status_code == 429:
        return "429"
    if response.status_code in (301, 302, 303, 307, 308):
        target = response.headers.get("Location", "")
        if any(p in target for p in LOGIN_PATHS):
            return "no"
        # Wagtail refuses a logged-in user by sending them to the admin home with a message.
        if target in ("/admin/", "http://testserver/admin/") and request_path != "/admin/":
            return "no"
        return "ok"
    if response.status_code in (401, 403, 404):
        return "no"
    if response.status_code == 405:
        return "405"
    return "ok"


class Requester:
    def __init__(self, world: World):
        self.world = world
        self.clients = {role: Client(raise_request_exception=False) for role in ROLES}
        self.timings: dict[str, float] = {}

    def __call__(self, role, url, method="get", data=None) -> str:
        started = time.perf_counter()
        try:
            return self._request(role, url, method, data)
        finally:
            key = re.sub(r"\d+", "N", url)
            self.timings[key] = self.timings.get(key, 0) + time.perf_counter() - started

    def _request(self, role, url, method, data) -> str:
        if method == "post" or url.startswith("/api/"):
            clear_test_cache()  # rate limits would turn later requests into 429s
        client, user = self.clients[role], self.world.users[role]
        if user is not None:
            # Log in again each time: a view that cycled the session key inside the rolled
            # back savepoint would otherwise leave the client logged out.
            client.force_login(user)
        with transaction.atomic():
            response = getattr(client, method)(url, data or {})
            transaction.set_rollback(True)
        return outcome(response, url)


def check(results: list, name: str, role: str, side: str, url: str, expected: str, got: str):
    if got == "500" or (expected != "any" and got != expected):
        results.append(f"{name} [{side}] as {role}: expected {expected}, got {got} — {url}")


@pytest.fixture
def world(settings):
    settings.ALLOWED_HOSTS = ["testserver"]
    # Thousands of expected 403/404s: keep their tracebacks out of the captured logs.
    logging.getLogger("django.request").setLevel(logging.ERROR)
    yield build_world()
    logging.getLogger("django.request").setLevel(logging.NOTSET)


def test_every_url_name_is_classified():
    names = all_url_names()
    classified = set(FRONT) | set(ADMIN_SCOPED)
    unknown = [
        name
        for name, (route, _p) in names.items()
        if name not in classified and not route.startswith(("admin/", "django-admin/"))
    ]
    assert not unknown, f"Classify these views in the permission matrix: {sorted(unknown)}"
    stale = set(FRONT) - set(names)
    assert not stale, f"These URL names no longer exist: {sorted(stale)}"


# The front-office matrix in slices (every fourth URL name): each slice is its own test, so
# pytest-xdist spreads them over the workers and each stays well inside the per-test timeout.
FRONT_SLICES = 4


@pytest.mark.parametrize("part", range(FRONT_SLICES))
def test_front_office_matrix(world, part):
    request = Requester(world)
    problems: list[str] = []
    names = all_url_names()
    for name in sorted(FRONT)[part::FRONT_SLICES]:
        cases = FRONT[name]
        _route, _pattern = names[name]
        for case in cases if isinstance(cases, list) else [cases]:
            for role in ROLES:
                for index, side in enumerate(("A", "B")):
                    kwargs = (case.fill or no_args)(world, role, side)
                    url = reverse(name, kwargs=kwargs) if kwargs or not case.fill else "/"
                    if name == "wagtail_serve":
                        url = "/"
                    elif name == "wagtaildocs_serve":
                        url = "/documents/1/absent.pdf"
                    got = request(role, url, case.method, case.data)
                    check(problems, case.label or name, role, side, url,
                          case.expect[role][index], got)  # fmt: skip
                    if not case.fill:
                        break  # no parameter: sides A and B are the same URL
    slowest = sorted(request.timings.items(), key=lambda item: -item[1])[:15]
    print("\n".join(f"{seconds:6.2f}s {url}" for url, seconds in slowest))
    assert not problems, f"{len(problems)} problems:\n" + "\n".join(problems)


ADMIN_NEVER_FOUND = ("find", "_add")  # API lookups without a query; axes logs cannot be added


def test_admin_pages_matrix(world):
    """Every parameterless admin page, as every role."""
    request = Requester(world)
    problems: list[str] = []
    for name, (route, pattern) in sorted(all_url_names().items()):
        if not route.startswith(("admin/", "django-admin/")) or dummy_kwargs(route, pattern) != {}:
            continue
        if name == "wagtailadmin_error_test":
            continue
        rule = admin_rule(name)
        url = reverse(name)
        for role in ROLES:
            expected = rule[role][0]
            got = request(role, url)
            if got == "no" and expected == "ok" and name.endswith(ADMIN_NEVER_FOUND):
                continue  # refused to everyone, site admins included: nothing leaks
            check(problems, name, role, "-", url, expected, got)
    assert not problems, f"{len(problems)} problems:\n" + "\n".join(problems)


def test_admin_objects_matrix(world):
    """The project's scoped admin views with organisations A and B; every other admin URL
    with parameters is refused to visitors and gardiens (no admin access)."""
    request = Requester(world)
    problems: list[str] = []
    names = all_url_names()
    for name, case in ADMIN_SCOPED.items():
        for role in ROLES:
            for index, side in enumerate(("A", "B")):
                url = reverse(name, kwargs=case.fill(world, role, side))
                check(problems, name, role, side, url, case.expect[role][index], request(role, url))
    for name, (route, pattern) in sorted(names.items()):
        if not route.startswith(("admin/", "django-admin/")) or name in ADMIN_SCOPED:
            continue
        kwargs = dummy_kwargs(route, pattern)
        if not kwargs or admin_rule(name) in (public(), anything()):
            continue
        try:
            url = reverse(name, kwargs=kwargs)
        except NoReverseMatch:  # a regex-constrained parameter: use its first alternative
            url = reverse(name, kwargs={k: first_choice(route, k) for k in kwargs})
        for role in (V, G):
            check(problems, name, role, "-", url, "no", request(role, url))
    assert not problems, f"{len(problems)} problems:\n" + "\n".join(problems)
