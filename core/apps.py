from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = _("Socle")

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in
        from django.core.signals import request_started

        from . import pagecache, redirects, reviewed_translations

        pagecache.connect_signals()
        user_logged_in.connect(redirects.forget_next_followed, dispatch_uid="core-login-next")
        # Reviewed translations in side tables are read afresh by each request.
        request_started.connect(reviewed_translations.forget, dispatch_uid="core-translations")
