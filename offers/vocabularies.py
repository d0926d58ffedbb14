"""Vocabularies of the marketplace (DESIGN.md §5, seeds 000 and 001)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Status(models.TextChoices):
    """Moderated like the directory; `closed` is for premises and needs that ended."""

    DRAFT = "draft", _("Brouillon")
    SUBMITTED = "submitted", _("Soumise à validation")
    PUBLISHED = "published", _("Publiée")
    CLOSED = "closed", _("Clôturée")
    ARCHIVED = "archived", _("Archivée")


class OfferFamily(models.TextChoices):
    DAILY_LIFE = "quotidien", _("Faciliter le quotidien")
    VULNERABILITY = "vulnerabilites", _("Soutien face aux vulnérabilités")
    PURCHASING_POWER = "charges", _("Maîtrise des charges et pouvoir d'achat")
    SOCIAL_COHESION = "vivre-ensemble", _("Vivre ensemble et cohésion sociale")


class OfferType(models.TextChoices):
    SENIOR_CONCIERGE = "conciergerie-senior", _("Conciergerie senior")
    SOCIAL_CAFE = "cafe-social", _("Café social")
    TALK_GROUPS = "groupes-de-parole", _("Groupes de parole")
    DIGITAL_WORKSHOPS = "ateliers-numeriques", _("Ateliers numériques")
    SMALL_REPAIRS = "petits-travaux", _("Petits travaux")
    MEAL_DELIVERY = "portage-de-repas", _("Portage de repas")
    ACCOMPANIED_TRANSPORT = "transport-accompagne", _("Transport accompagné")
    OUTREACH = "aller-vers", _("Aller-vers")
    PHONE_CONTACT = "contact-telephonique", _("Contact téléphonique régulier")
    MOBILE_DESK = "permanence-mobile", _("Permanence mobile")
    ENERGY_SAVING = "maitrise-energie", _("Maîtrise de l'énergie et des charges")
    OTHER = "autre", _("Autre")


class OfferTarget(models.TextChoices):
    RESIDENTS = "residents", _("Locataires")
    LANDLORDS = "bailleurs", _("Bailleurs")
    RESIDENCES = "residences", _("Résidences")


class PricingModel(models.TextChoices):
    FREE = "gratuit", _("Gratuit")
    PER_HOUR = "horaire", _("À l'heure")
    PER_RESIDENT = "par-locataire", _("Par locataire accompagné")
    NEGOTIATED = "negocie", _("Sur devis / négocié")


class ContactRequestStatus(models.TextChoices):
    PENDING = "pending", _("En attente de réponse")
    ACCEPTED = "accepted", _("Acceptée")
    DECLINED = "declined", _("Déclinée")
    DATE_PROPOSED = "date_proposed", _("Date proposée")


class PremisesType(models.TextChoices):
    SHOP = "local-commercial", _("Local commercial")
    ASSOCIATIVE = "local-associatif", _("Local associatif")
    DWELLING = "logement", _("Logement")
    OFFICE = "bureau", _("Bureau")
    COMMON_ROOM = "salle-commune", _("Salle commune")
    WORKSHOP = "atelier", _("Atelier")
    STORAGE = "stockage", _("Local de stockage")


class OccupationType(models.TextChoices):
    ASSOCIATIVE_LEASE = "bail-associatif", _("Bail associatif")
    TEMPORARY = "cot", _("Convention d'occupation temporaire")
    SUBLETTING = "sous-location", _("Sous-location")
    COMMERCIAL_LEASE = "bail-commercial", _("Bail commercial")
    PROFESSIONAL_LEASE = "bail-professionnel", _("Bail professionnel")
    FREE_LOAN = "pret-a-usage", _("Prêt à usage (gratuit)")


class Usage(models.TextChoices):
    """What a place is used for: premises allow some, needs ask for some."""

    RECEPTION = "accueil-public", _("Accueil du public")
    OFFICE = "bureaux", _("Bureaux")
    MEETINGS = "reunions", _("Réunions, ateliers collectifs")
    CAFE = "cafe-restauration", _("Café, restauration")
    SHOP = "commerce", _("Commerce, épicerie")
    WORKSHOP = "atelier", _("Atelier, petits travaux")
    STORAGE = "stockage", _("Stockage")
    HOUSING = "habitat", _("Habitat")
    THIRD_PLACE = "tiers-lieu", _("Tiers-lieu")


class ProjectType(models.TextChoices):
    INCLUSIVE_HOUSING = "habitat-inclusif", _("Habitat inclusif")
    THIRD_PLACE = "tiers-lieu", _("Tiers-lieu")
    SOCIAL_CAFE = "cafe-social", _("Café social")
    SENIOR_CONCIERGE = "conciergerie-senior", _("Conciergerie senior")
    ASSOCIATIVE_PREMISES = "local-associatif", _("Local associatif")
    SOLIDARITY_GROCERY = "epicerie-solidaire", _("Épicerie solidaire")
    REPAIR_SHOP = "atelier-reparation", _("Atelier de réparation")
    OTHER = "autre", _("Autre")


class Audience(models.TextChoices):
    ELDERLY = "personnes-agees", _("Personnes âgées")
    DISABLED = "personnes-handicapees", _("Personnes en situation de handicap")
    CARERS = "aidants", _("Aidants")
    YOUTH = "jeunes", _("Jeunes")
    FAMILIES = "familles", _("Familles")
    RESIDENTS = "locataires", _("Locataires")
    EVERYONE = "tous-publics", _("Tous publics")


class MatchStatus(models.TextChoices):
    NEW = "new", _("Nouvelle")
    SEEN = "seen", _("Vue")
    CONTACTED = "contacted", _("Contactée")
    DISMISSED = "dismissed", _("Écartée")


class Outcome(models.TextChoices):
    """What became of a match or a contact request after the first contact."""

    NONE = "", _("Pas encore de suite")
    VISIT_PLANNED = "visit_planned", _("Visite prévue")
    AGREEMENT_SIGNED = "agreement_signed", _("Convention signée")
    OCCUPIED = "occupied", _("Lieux occupés")
    ENDED = "ended", _("Terminé")
    NO_FOLLOW_UP = "no_follow_up", _("Sans suite")


class AgreementKind(models.TextChoices):
    TEMPORARY_OCCUPATION = "cot", _("Convention d'occupation temporaire")
    ASSOCIATIVE_LEASE = "bail_associatif", _("Bail associatif")
    CROSS_SERVICES = "prestations_croisees", _("Prestations croisées")
    PARTNERSHIP = "partenariat", _("Convention de partenariat")
