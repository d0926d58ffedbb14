from django.utils.functional import SimpleLazyObject

from .models import Channel, Delivery, DeliveryStatus


def unread_notifications(request):
    """The unread inbox count for the header: one indexed COUNT, only when a template
    shows it, and no query at all for anonymous visitors."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"notifications_unread": 0}

    def count() -> int:
        return Delivery.objects.filter(
            recipient_id=user.pk,
            channel=Channel.INBOX,
            status=DeliveryStatus.SENT,
            read_at__isnull=True,
        ).count()

    return {"notifications_unread": SimpleLazyObject(count)}
