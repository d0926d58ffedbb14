"""The demo directory answers as the seeds say, in Bobigny: what a visitor trying the demo sees
for incurie and rent arrears (issue #15's two reported failures). One test: loading the demo
takes most of a minute."""

import pytest

from demo import directory as demo
from directory.models import Commune, Organisation
from orientation import defaults
from orientation.candidates import orient
from orientation.models import Situation
from orientation.selection import place_for

pytestmark = pytest.mark.django_db


def kinds_in(commune, slug, count=6):
    situation = Situation.objects.get(slug=slug)
    results = orient([situation], commune, place_for(commune))[situation.pk]
    return [result.service.organisation.typology for result in results[:count]]


def test_the_demo_answers_incurie_and_rent_arrears_in_bobigny_as_the_seeds_say():
    demo.load()
    bobigny = Commune.objects.get(insee_code="93008")

    # Every kind the primary answers need exists; the specialised local ones in Bobigny.
    needed = {kind for s in defaults.SITUATIONS for kind in s["primary_typologies"]}
    assert needed <= set(Organisation.objects.values_list("typology", flat=True))
    local = Organisation.objects.filter(commune=bobigny)
    in_bobigny = set(local.values_list("typology", flat=True))
    for kind in ("CMP", "SCHS", "SIAO", "SPIP", "AVDL", "CCAS", "CLSM", "OPHABITAT"):
        assert kind in in_bobigny, kind

    incurie = kinds_in(bobigny, "logement-encombre")
    assert {"CMP", "EMPP", "CCAS", "SCHS"} <= set(incurie), incurie
    assert "SAAD" not in incurie

    arrears = kinds_in(bobigny, "impayes")
    assert {"CCAS", "PCB", "ADIL", "CAF"} <= set(arrears), arrears
