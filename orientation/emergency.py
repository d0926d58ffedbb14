"""Emergency numbers shown before anything else for danger situations."""

from dataclasses import dataclass

from home.models import SiteSettings

# National numbers, used when the site settings list none: a danger situation must never
# show an empty emergency box (source: service-public.fr, « Numéros d'urgence »).
FALLBACK_NUMBERS = [
    ("15", "SAMU", "Urgence médicale"),
    ("17", "Police secours", "Danger immédiat, violence"),
    ("18", "Pompiers", "Incendie, accident, personne en danger"),
    ("112", "Numéro d'urgence européen", "Depuis un mobile, partout en Europe"),
    ("114", "Urgences par SMS", "Pour les personnes sourdes, malentendantes ou ne pouvant parler"),
    ("3919", "Violences Femmes Info", "Écoute anonyme et gratuite, 24 h/24"),
    ("3977", "Maltraitance des personnes âgées et handicapées", "Écoute et conseil"),
]


@dataclass(frozen=True)
class EmergencyNumber:
    number: str
    label: str
    description: str = ""


def emergency_numbers(request) -> list[EmergencyNumber]:
    try:
        settings = SiteSettings.for_request(request)
    except SiteSettings.DoesNotExist:  # no Wagtail site matches the request
        numbers = []
    else:
        numbers = [
            EmergencyNumber(item.number, item.label, item.description)
            for item in settings.emergency_numbers.all()
        ]
    return numbers or [EmergencyNumber(*row) for row in FALLBACK_NUMBERS]
