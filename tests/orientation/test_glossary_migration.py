"""The glossary terms of issue #15 reach databases that already hold a glossary, without
touching what moderators wrote, and going back removes only what nobody edited."""

import pytest

BEFORE = [("orientation", "0003_favourite")]
AFTER = [("orientation", "0004_glossary_synonyms_and_new_terms")]


@pytest.mark.django_db(transaction=True)
def test_an_existing_glossary_gets_the_new_terms_and_keeps_the_moderators_edits(migrator):
    old = migrator(BEFORE)
    OldTerm = old.get_model("orientation", "GlossaryTerm")
    # A database of before: none of the new terms, a definition a moderator rewrote, a term
    # a moderator added with a name the defaults now use too.
    OldTerm.objects.filter(term__in=["Incurie", "Syndrome de Diogène"]).delete()
    OldTerm.objects.filter(acronym__in=["SCHS", "EMPP", "DAC"]).delete()
    OldTerm.objects.filter(term="Intermédiation locative").update(acronym="")
    OldTerm.objects.filter(acronym="CMP").update(definition="Le CMP du secteur, réécrit.")
    OldTerm.objects.update_or_create(
        term="Dispositif d'appui à la coordination",
        defaults={"acronym": "DAC", "slug": "dac", "definition": "Écrit par la modération."},
    )

    new = migrator(AFTER)
    Term = new.get_model("orientation", "GlossaryTerm")
    incurie = Term.objects.get(term="Incurie")
    assert incurie.situation.slug == "logement-encombre"
    assert "syndrome de Diogène" in incurie.synonyms.splitlines()
    assert Term.objects.get(term="Syndrome de Diogène").situation.slug == "logement-encombre"
    assert Term.objects.filter(acronym="SCHS").exists()
    assert Term.objects.filter(acronym="EMPP").exists()
    assert Term.objects.get(term="Intermédiation locative").acronym == "IML"
    assert Term.objects.get(acronym="CMP").definition == "Le CMP du secteur, réécrit."
    assert Term.objects.get(acronym="DAC").definition == "Écrit par la modération."

    back = migrator(BEFORE)
    Term = back.get_model("orientation", "GlossaryTerm")
    assert not Term.objects.filter(term="Incurie").exists()
    assert Term.objects.get(acronym="DAC").definition == "Écrit par la modération."
    assert Term.objects.get(acronym="CMP").definition == "Le CMP du secteur, réécrit."
    assert Term.objects.get(term="Intermédiation locative").acronym == ""
    migrator(AFTER)
