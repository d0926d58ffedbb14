"""Admin listing of the outbox: failed deliveries with their error, for admins only."""

import django_filters
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies.base import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from .models import Delivery


class AdminsOnlyPolicy(ModelPermissionPolicy):
    """Deliveries hold people's addresses: only superusers see them, nobody edits them."""

    def user_has_permission(self, user, action):
        return user.is_active and user.is_superuser and action in ("view", "delete")

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)


class DeliveryFilterSet(WagtailFilterSet):
    status = django_filters.ChoiceFilter(choices=Delivery._meta.get_field("status").choices)

    class Meta:
        model = Delivery
        fields = ["status", "channel", "kind"]


class DeliveryViewSet(ModelViewSet):
    model = Delivery
    icon = "mail"
    menu_label = _("Envois de notifications")
    add_to_admin_menu = True
    inspect_view_enabled = True
    list_display = ["__str__", "status", "attempts", "last_error", "created_at", "sent_at"]
    filterset_class = DeliveryFilterSet
    inspect_view_fields = [
        "recipient_key",
        "email",
        "kind",
        "channel",
        "status",
        "digest_frequency",
        "attempts",
        "last_error",
        "next_attempt_at",
        "created_at",
        "sent_at",
    ]
    form_fields = ["status"]


register_permission_policy(Delivery, AdminsOnlyPolicy(Delivery))


@hooks.register("register_admin_viewset")
def register_delivery_viewset():
    return DeliveryViewSet("notifications_delivery")
