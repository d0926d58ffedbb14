"""Places in words: a list of codes (INSEE code of a commune, SIREN of an EPCI, number of a
département) as the names a person reads — « Montreuil, Bagnolet », « Seine-Saint-Denis »."""

from core.places import departement_name

from .models import Commune


def zone_names(codes) -> list[str]:
    """Communes and EPCI by their names, départements by their names, in the order given (a
    code we do not know stays as it is)."""
    codes = list(codes or ())
    if not codes:
        return []
    communes = dict(Commune.objects.filter(insee_code__in=codes).values_list("insee_code", "name"))
    epcis = dict(Commune.objects.filter(epci_code__in=codes).values_list("epci_code", "epci_name"))
    names = []
    for code in codes:
        if code in communes or code in epcis:
            names.append(communes.get(code) or epcis[code])
        elif len(code) <= 3:
            names.append(departement_name(code))
        else:
            names.append(code)
    return names
