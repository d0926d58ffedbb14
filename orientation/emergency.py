"""Emergency numbers shown before anything else for danger situations.

They are stored once, with the site settings (`home.models.EmergencyNumber`), and read
through the footer's cached reader, so the orientation page and the footer always show the
same numbers; a site that stored none shows the national list (a danger situation never
shows an empty box)."""

from home.context_processors import FooterData
from home.models import EmergencyNumber


def emergency_numbers(request) -> list[EmergencyNumber]:
    return FooterData(request).emergency_numbers or EmergencyNumber.national()
