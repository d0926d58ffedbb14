"""RGPD: export of a user's own data and deletion of their account.

Both read one registry (`accounts.personal_data`) where every app declares what it holds
about a person. The export is a JSON document whose `donnees` maps each section's name to
what its exporter returned."""

import json

from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from . import personal_data


class DeletionBlocked(Exception):
    """Something must be settled first (see `personal_data.register_deletion_guard`)."""

    def __init__(self, message, blockers) -> None:
        super().__init__(message)
        self.message = message
        self.blockers = blockers


EXPORT_FORMAT = "maillage-export-rgpd-1"


def export_user_data(user) -> dict:
    """Everything we hold about `user`, section by section."""
    return {
        "format": EXPORT_FORMAT,
        "genere_le": timezone.now(),
        "donnees": personal_data.export(user),
    }


def export_user_data_json(user) -> str:
    return json.dumps(export_user_data(user), cls=DjangoJSONEncoder, ensure_ascii=False, indent=2)


def delete_account(user) -> None:
    """Erase what every app holds about the user (the registry's erasers), then delete the
    account. Refused while the user is the last admin of an organisation that has other
    members."""
    with transaction.atomic():
        blocking = personal_data.deletion_blockers(user)
        if blocking:
            raise DeletionBlocked(
                _("Nommez d'abord un autre administrateur dans : %(organisations)s.")
                % {"organisations": ", ".join(str(blocker) for blocker in blocking)},
                blocking,
            )
        personal_data.erase(user)
        user.delete()
