from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = _("Socle")

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from . import pagecache, redirects

        pagecache.connect_signals()
        user_logged_in.connect(redirects.forget_next_followed, dispatch_uid="core-login-next")
