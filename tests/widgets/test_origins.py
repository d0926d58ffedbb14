"""The sites allowed to embed a widget: only what `frame-ancestors` can say exactly."""

import pytest
from django.core.exceptions import ValidationError

from widgets.origins import MAX_ORIGINS, normalise_origin, parse_origins


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("https://www.ma-commune.fr", "https://www.ma-commune.fr"),
        ("  HTTPS://WWW.Ma-Commune.FR/ ", "https://www.ma-commune.fr"),
        ("https://www.ma-commune.fr:443", "https://www.ma-commune.fr"),
        ("https://portail.bailleur.fr:8443", "https://portail.bailleur.fr:8443"),
        ("https://bobigny.fr.", "https://bobigny.fr"),
        ("https://mairie-épinay.fr", "https://xn--mairie-pinay-heb.fr"),
        ("http://localhost:8080", "http://localhost:8080"),
        ("http://127.0.0.1:3000/", "http://127.0.0.1:3000"),
        ("http://localhost:80", "http://localhost"),
        ("https://203.0.113.7", "https://203.0.113.7"),
    ],
)
def test_an_origin_is_stored_normalised(typed, stored):
    assert normalise_origin(typed) == stored


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("http://www.ma-commune.fr", "seul https://"),
        ("https://*.ma-commune.fr", "jokers"),
        ("*", "jokers"),
        ("https://www.ma-commune.fr/agenda", "sans chemin"),
        ("https://www.ma-commune.fr/?q=1", "sans chemin"),
        ("https://www.ma-commune.fr#haut", "sans chemin"),
        ("www.ma-commune.fr", "commencez par https://"),
        ("ftp://www.ma-commune.fr", "commencez par https://"),
        ("javascript:alert(1)", "commencez par https://"),
        ("https:www.ma-commune.fr", "commencez par https://"),
        ("https://user:secret@ma-commune.fr", "identifiant"),
        ("https://ma-commune.fr:99999", "port invalide"),
        ("https://ma-commune.fr:", "port invalide"),
        ("https://[::1]", "IPv6"),
        ("https://intranet", "domaine complet"),
        ("https://bad_host.fr", "Nom de domaine invalide"),
        ("https://-bad.fr", "Nom de domaine invalide"),
        ("https://ma-commune.fr'", "caractères interdits"),
        ("https://a.fr\u0000", "caractères interdits"),
    ],
)
def test_an_origin_that_frame_ancestors_cannot_say_exactly_is_refused_with_a_reason(typed, message):
    with pytest.raises(ValidationError) as error:
        normalise_origin(typed)
    assert message in " ".join(error.value.messages)


def test_a_list_of_origins_is_split_deduplicated_and_every_bad_one_reported():
    assert parse_origins(
        "https://a.fr\nhttps://A.fr/, https://b.fr:443  http://localhost:8000"
    ) == ["https://a.fr", "https://b.fr", "http://localhost:8000"]
    with pytest.raises(ValidationError) as error:
        parse_origins("https://ok.fr\nhttp://a.fr\nhttps://*.b.fr")
    assert len(error.value.messages) == 2


def test_a_widget_lists_a_limited_number_of_origins():
    many = "\n".join(f"https://site{n}.fr" for n in range(MAX_ORIGINS + 1))
    with pytest.raises(ValidationError, match="Au plus"):
        parse_origins(many)
