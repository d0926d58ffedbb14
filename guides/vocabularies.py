"""Audiences and themes of the guides."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Audience(models.TextChoices):
    TENANTS = "locataires", _("Locataires")
    OLDER_TENANTS = "locataires_ages", _("Locataires âgés")
    CARERS = "aidants", _("Aidants")
    GARDIENS = "gardiens", _("Gardiens et personnel de proximité")
    PROFESSIONALS = "professionnels", _("Professionnels")
    LANDLORDS = "bailleurs", _("Bailleurs sociaux")
    # The data·inclusion value and label (the directory's seeds say the same).
    EVERYONE = "tous-publics", _("Tous publics")


class Theme(models.TextChoices):
    HOME_ADAPTATION = "adaptation_logement", _("Adapter son logement")
    STAYING_HOME = "bien_vieillir", _("Bien vieillir chez soi")
    CARERS = "aidants", _("Soutien aux aidants")
    SOCIAL_TIES = "lien_social", _("Lien social et isolement")
    MOVING = "parcours_residentiel", _("Changer de logement")
    FRAILTY = "reperage_fragilites", _("Repérer les fragilités")
    RIGHTS = "acces_aux_droits", _("Aides et droits")
    NEW_HOME = "premiers_pas", _("S'installer dans son logement")
    RENT_ARREARS = "impayes_loyer", _("Impayés de loyer")
    CHARGES = "charges", _("Charges et énergie")
    MENTAL_HEALTH = "sante_mentale", _("Santé mentale et voisinage")
