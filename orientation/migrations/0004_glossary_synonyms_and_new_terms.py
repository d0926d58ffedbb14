"""The glossary of issue #15: search synonyms that moderators edit (`synonyms`), the terms the
seeds and our vocabularies use without defining them (SCHS, EMPP, CSAPA, incurie, syndrome de
Diogène…), and the acronym IML on « Intermédiation locative ».

Adds what is missing, by term, like `load_glossary`; fills only empty synonyms and empty
acronyms, so moderators' edits stay. Going back removes the terms added here that nobody has
edited since and the synonyms still as loaded."""

from django.db import migrations, models

from orientation import defaults

# The terms this migration brings (frozen: `defaults.GLOSSARY` will keep growing).
NEW_TERMS = [
    "Agence nationale de l'habitat",
    "Agence nationale des titres sécurisés",
    "Reconnaissance de la qualité de travailleur handicapé",
    "Société coopérative d'intérêt collectif",
    "Agence régionale de santé",
    "Conseiller en économie sociale et familiale",
    "Centre d'hébergement et de réinsertion sociale",
    "Centre intercommunal d'action sociale",
    "Centre d'information sur les droits des femmes et des familles",
    "Conseil local de santé mentale",
    "Caisse nationale d'assurance vieillesse",
    "Centre de soins, d'accompagnement et de prévention en addictologie",
    "Dispositif d'appui à la coordination",
    "Droit au logement opposable",
    "Équipe mobile psychiatrie-précarité",
    "Établissement public de coopération intercommunale",
    "Entreprise sociale pour l'habitat",
    "Groupe d'entraide mutuelle",
    "Habitation à loyer modéré",
    "Mandataire judiciaire à la protection des majeurs",
    "Office public de l'habitat",
    "Point conseil budget",
    "Point information médiation multi services",
    "Revenu de solidarité active",
    "Service d'aide médicale urgente",
    "Service communal d'hygiène et de santé",
    "Solidaires pour l'habitat",
    "Service pénitentiaire d'insertion et de probation",
    "Union départementale des associations familiales",
    "France Services",
    "Incurie",
    "Pension de famille",
    "Résidence autonomie",
    "Syndrome de Diogène",
    "Équipe mobile de gériatrie",
    "Facile à lire et à comprendre",
    "Langue des signes française",
    "Personne à mobilité réduite",
    "Quartier prioritaire de la politique de la ville",
    "France ruralités revitalisation",
]


def load(apps, schema_editor):
    Situation = apps.get_model("orientation", "Situation")
    GlossaryTerm = apps.get_model("orientation", "GlossaryTerm")
    defaults.load_glossary(GlossaryTerm, Situation)
    defaults.load_glossary_synonyms(GlossaryTerm)


def unload(apps, schema_editor):
    GlossaryTerm = apps.get_model("orientation", "GlossaryTerm")
    definitions = {term: definition for _, term, definition, _ in defaults.GLOSSARY}
    for row in GlossaryTerm.objects.filter(term__in=NEW_TERMS):
        if row.definition == definitions.get(row.term):
            row.delete()
    for term, synonyms in defaults.GLOSSARY_SYNONYMS.items():
        GlossaryTerm.objects.filter(term=term, synonyms="\n".join(synonyms)).update(synonyms="")
    GlossaryTerm.objects.filter(term="Intermédiation locative", acronym="IML").update(acronym="")


class Migration(migrations.Migration):
    dependencies = [
        ("orientation", "0003_favourite"),
    ]

    operations = [
        migrations.AddField(
            model_name="glossaryterm",
            name="synonyms",
            field=models.TextField(
                blank=True,
                help_text="Un mot ou une expression par ligne, que les gens tapent pour parler de "
                "ce terme (« Diogène », « logement encombré »). La recherche trouve les uns par "
                "les autres.",
                verbose_name="autres mots cherchés",
            ),
        ),
        migrations.RunPython(load, unload),
    ]
