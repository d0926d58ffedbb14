"""Emergency numbers shown before anything else for danger situations.

They are stored once, with the site settings (`home.models.EmergencyNumber`), and read
through the footer's cached reader, so the orientation page and the footer always show the
same numbers; a site that stored none shows the national list (a danger situation never
shows an empty box)."""

from home.context_processors import FooterData
from home.models import EmergencyNumber


def emergency_numbers(request) -> list[EmergencyNumber]:
    return FooterData(request).emergency_numbers or EmergencyNumber.national()


# The numbers a danger situation's row shows first; other danger situations: DANGER_NUMBERS.
SITUATION_NUMBERS = {"violences-conjugales": ("17", "3919", "114")}
DANGER_NUMBERS = ("15", "17", "18", "112", "114")


def numbers_for(situation, numbers: list[EmergencyNumber]) -> list[EmergencyNumber]:
    """The emergency numbers to show with a danger situation, in the site's order (none for
    other situations). A site that removed all of them shows them all."""
    if not situation.is_danger:
        return []
    wanted = SITUATION_NUMBERS.get(situation.slug, DANGER_NUMBERS)
    chosen = [item for item in numbers if item.number in wanted]
    return chosen or list(numbers)
