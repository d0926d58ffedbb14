"""Models of the shared mechanisms.

`ModerationLogEntry` is Wagtail's audit log row of a moderation transition, seen as the item a
notification is about: one transition → one row → one outbox delivery per recipient and
channel (the outbox is unique on recipient, item and channel), so a second submission of the
same entry is announced again, and a retried task never twice. A proxy: no table of its own."""

from django.urls import reverse
from wagtail.models import ModelLogEntry

from . import moderation


class ModerationLogEntry(ModelLogEntry):
    class Meta:
        proxy = True

    @classmethod
    def notification_queryset(cls):
        return cls.objects.select_related("content_type")

    def moderated_entry(self):
        model = self.content_type.model_class()
        if model is None:
            return None
        return model._default_manager.filter(pk=self.object_id).first()

    def notification_context(self, kind: str) -> dict:
        entry = self.moderated_entry()
        if entry is None:
            return {"title": self.label, "url": reverse("wagtailadmin_home"), "object": None}
        registration = moderation.registration_for(entry)
        if self.action == moderation.SUBMIT:
            url = reverse("moderation_preview", args=[registration.key, entry.pk])
        else:
            url = registration.edit_url(entry) or reverse("wagtailadmin_home")
        return {
            "title": registration.title(entry),
            "url": url,
            "object": entry,
            "label": registration.label,
            "owner": registration.owner(entry),
            "reason": (self.data or {}).get("reason", ""),
        }
