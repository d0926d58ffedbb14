"""Models of the shared mechanisms.

`ModerationLogEntry` is Wagtail's audit log row of a moderation transition, seen as the item a
notification is about: one transition → one row → one outbox delivery per recipient and
channel (the outbox is unique on recipient, item and channel), so a second submission of the
same entry is announced again, and a retried task never twice. A proxy: no table of its own."""

from django.db import models
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


class Counter(models.Model):
    """An aggregate count: a metric and its dimensions (codes, slugs and ids of things, never
    of people: core/counters.py checks them). Written only by the flush task, with an UPSERT
    that adds counts."""

    metric = models.CharField(max_length=64)
    dimensions = models.JSONField(default=dict, blank=True)
    value = models.BigIntegerField(default=0)

    class Meta:
        abstract = True


class DailyCounter(Counter):
    """The counts of a day (Europe/Paris)."""

    day = models.DateField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["day", "metric", "dimensions"], name="core_dailycounter_unique"
            ),
        ]
        indexes = [models.Index(fields=["metric", "day"], name="core_dailycounter_metric_day")]

    def __str__(self) -> str:
        return f"{self.day} {self.metric} {self.dimensions} = {self.value}"


class MonthlyCounter(Counter):
    """The same counts summed per calendar month (`month` is its first day), written with
    `DailyCounter` in the flush's transaction: dashboards over long periods read a month's
    rows instead of thirty days' (steering/indicators.py)."""

    month = models.DateField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["month", "metric", "dimensions"], name="core_monthlycounter_unique"
            ),
        ]
        indexes = [models.Index(fields=["metric", "month"], name="core_monthlycounter_metric_mo")]

    def __str__(self) -> str:
        return f"{self.month:%Y-%m} {self.metric} {self.dimensions} = {self.value}"


class CounterFlush(models.Model):
    """A batch of counters already added to `DailyCounter`: a flush that crashed after its
    commit, or runs twice, does not add the batch again (core/counters.py)."""

    batch = models.CharField(max_length=64, unique=True)
    flushed_at = models.DateTimeField()

    def __str__(self) -> str:
        return self.batch
