"""The two people of a reviewed translation (situations, glossary, national labels): a moderator
who publishes, a translator who may write but not publish."""

from django.contrib.auth.models import Group, Permission

from accounts.roles import MODERATORS_GROUP


def make_moderator(django_user_model):
    user = django_user_model.objects.create_user("moderateur@example.org", "x", is_staff=True)
    group = Group.objects.get(name=MODERATORS_GROUP)
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    user.groups.add(group)
    return user


def make_translator(django_user_model, app_label: str, model_name: str):
    """A staff member who may add and change `app_label.model_name` rows, not publish them."""
    user = django_user_model.objects.create_user("traductrice@example.org", "x", is_staff=True)
    user.user_permissions.add(
        Permission.objects.get(codename="access_admin"),
        *Permission.objects.filter(
            content_type__app_label=app_label,
            codename__in=[f"add_{model_name}", f"change_{model_name}"],
        ),
    )
    return user
