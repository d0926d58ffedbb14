"""What a reader of the guides chooses (their commune, filters), and the page contexts built
from it: called by the page models, so this module imports none of them."""

from __future__ import annotations

from django import forms
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.pagecache import LARGE_PRINT_COOKIE
from directory.models import Commune

from .contacts import ContactResolver
from .vocabularies import Audience, Theme


# --- Commune of the reader ---------------------------------------------------------------------
class CommuneForm(forms.Form):
    commune = forms.CharField(
        label=_("Votre commune"),
        max_length=150,
        help_text=_("Nom ou code postal, par ex. « Montreuil » ou « 93100 »."),
    )

    def clean_commune(self) -> Commune:
        value = self.cleaned_data["commune"].strip()
        commune = find_commune(value)
        if commune is None:
            raise forms.ValidationError(
                _(
                    "Nous ne connaissons pas la commune « %(value)s » : indiquez son nom ou son "
                    "code postal."
                ),
                params={"value": value},
            )
        return commune


def find_commune(value: str) -> Commune | None:
    value = value.strip()
    if not value:
        return None
    if value.isdigit() or (len(value) == 5 and value[:2].upper() in {"2A", "2B"}):
        return (
            Commune.objects.filter(Q(insee_code=value.upper()) | Q(postcodes__contains=[value]))
            .order_by("-population", "name")
            .first()
        )
    return Commune.objects.filter(name__unaccent__iexact=value).order_by("-population").first()


def commune_from_request(request) -> tuple[CommuneForm, Commune | None]:
    """The reader's commune from `?commune=` (a bound form when given, for its errors)."""
    if "commune" in request.GET:
        form = CommuneForm(request.GET)
        if form.is_valid():
            return form, form.cleaned_data["commune"]
        return form, None
    return CommuneForm(), None


# --- Page contexts (called by the page models' get_context) ----------------------------------
def guide_page_context(page, request) -> dict:
    form, commune = commune_from_request(request)
    resolver = ContactResolver(commune=commune).prepare(page.body)
    pdf_url = reverse("guides:pdf", kwargs={"slug": page.slug})
    if commune is not None:
        pdf_url += f"?commune={commune.insee_code}"
    return {
        "commune_form": form,
        "commune": commune,
        "contact_resolver": resolver,
        "pdf_url": pdf_url,
        "falc_page": page.live_falc_version,
        "standard_page": page.standard_version if page.is_easy_read else None,
        "large_print": request.COOKIES.get(LARGE_PRINT_COOKIE) == "1",
    }


class GuideFilterForm(forms.Form):
    """Each theme and audience once, and only those that find a guide. "Tous publics" guides
    are for every audience: the empty choice says it, and each audience finds them too."""

    audience = forms.ChoiceField(label=_("Pour qui ?"), required=False)
    theme = forms.ChoiceField(label=_("Thème"), required=False)

    def __init__(self, *args, themes=(), audiences=(), **kwargs):
        super().__init__(*args, **kwargs)
        themes, audiences = set(themes), set(audiences)
        if Audience.EVERYONE in audiences:
            audiences.update(Audience.values)
        self.fields["audience"].choices = [
            ("", _("Tous les publics")),
            *(c for c in Audience.choices if c[0] in audiences and c[0] != Audience.EVERYONE),
        ]
        self.fields["theme"].choices = [
            ("", _("Tous les thèmes")),
            *(c for c in Theme.choices if c[0] in themes),
        ]


def filter_guides(guides, audience: str, theme: str):
    if audience:
        guides = guides.filter(
            Q(audiences__contains=[audience]) | Q(audiences__contains=[Audience.EVERYONE])
        )
    if theme:
        guides = guides.filter(theme=theme)
    return guides


def guide_index_context(guides, request) -> dict:
    """`guides`: the index's live guides, filtered here by the reader's choices."""
    described = list(guides.values_list("theme", "audiences"))
    form = GuideFilterForm(
        request.GET or None,
        themes={theme for theme, _audiences in described},
        audiences={audience for _theme, audiences in described for audience in audiences},
    )
    if form.is_valid():
        guides = filter_guides(guides, form.cleaned_data["audience"], form.cleaned_data["theme"])
    return {
        "filter_form": form,
        "guides": guides.select_related("falc_version"),
        "large_print": request.COOKIES.get(LARGE_PRINT_COOKIE) == "1",
    }
