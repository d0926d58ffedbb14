"""Demo orientation data: the default situations and glossary (as the migrations load them)
and the demo gardien attached to a residence of their landlord, so that logging in as
gardien@maillage.example lands on a residence sheet."""

from django.utils.text import slugify

from directory.models import Commune, Organisation, Residence
from orientation import defaults
from orientation.models import GlossaryTerm, Situation

DEMO_RESIDENCE = {
    "name": "Résidence Les Tilleuls",
    "address": "12 rue des Tilleuls",
    "insee_code": "93048",
    "postcode": "93100",
    "units": 84,
    "has_lift": True,
    "accessibility": "Entrée de plain-pied, ascenseur jusqu'au 8e étage, interphone sonore.",
}
DEMO_LANDLORD = "seine-saint-denis-habitat"
DEMO_GARDIEN = "gardien@maillage.example"


def load() -> str:
    situations = defaults.load_situations(Situation)
    terms = defaults.load_glossary(GlossaryTerm, Situation)
    summary = f"{situations} situations, {terms} termes du glossaire ajoutés"
    landlord = Organisation.objects.filter(slug=DEMO_LANDLORD).first()
    commune = Commune.objects.filter(insee_code=DEMO_RESIDENCE["insee_code"]).first()
    if landlord is None or commune is None:
        return summary
    residence = Residence.objects.filter(landlord=landlord).order_by("pk").first()
    if residence is None:
        residence = Residence.objects.create(
            landlord=landlord,
            name=DEMO_RESIDENCE["name"],
            slug=slugify(DEMO_RESIDENCE["name"]),
            address=DEMO_RESIDENCE["address"],
            commune=commune,
            postcode=DEMO_RESIDENCE["postcode"],
            units=DEMO_RESIDENCE["units"],
            has_lift=DEMO_RESIDENCE["has_lift"],
            accessibility=DEMO_RESIDENCE["accessibility"],
        )
    from django.contrib.auth import get_user_model

    gardien = get_user_model().objects.filter(email=DEMO_GARDIEN).first()
    if gardien is not None and not gardien.residences.exists():
        residence.gardiens.add(gardien)
    return f"{summary}, résidence « {residence.name} »"
