"""« Ma résidence » in the main menu, for gardiens and landlord staff."""

from functools import cached_property

from django.urls import reverse

from directory.roles import residences_of


class MyResidence:
    """Where « Ma résidence » leads, read on first use (one query, none for visitors): the
    sheet of a user's only residence, the list when they have several, "" when none."""

    def __init__(self, request) -> None:
        self.request = request

    @cached_property
    def url(self) -> str:
        user = getattr(self.request, "user", None)
        if user is None or not user.is_authenticated:
            return ""
        pks = list(residences_of(user).order_by().values_list("pk", flat=True)[:2])
        if not pks:
            return ""
        if len(pks) == 1:
            return reverse("orientation:residence", args=[pks[0]])
        return reverse("orientation:residences")

    @property
    def current(self) -> bool:
        return bool(self.url) and self.request.path.startswith("/residences/")


def my_residence(request):
    return {"MY_RESIDENCE": MyResidence(request)}
