from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.conf.urls.static import static
from django.contrib import admin
from django.contrib.auth.views import redirect_to_login
from django.contrib.staticfiles.urls import staticfiles_urlpatterns
from django.core.exceptions import PermissionDenied
from django.templatetags.static import static as static_url
from django.urls import include, path, reverse
from django.utils.functional import lazy
from django.views.generic import RedirectView, TemplateView
from django.views.i18n import JavaScriptCatalog
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps import Sitemap as PagesSitemap
from wagtail.contrib.sitemaps import views as sitemap_views
from wagtail.documents import urls as wagtaildocs_urls
from wagtail_localize.views.report import TranslationsReportView

import accounts.urls
import directory.member_urls
from core.sitemaps import NamedPagesSitemap
from directory.sitemaps import OrganisationSitemap, ServiceSitemap
from funding.sitemaps import CallSitemap
from offers import admin_scoping

from .health import health

# /sitemap.xml: an index of one sitemap per kind of public page. Wagtail's pages (home, guides,
# events, standard pages: live and without view restriction), the directory's sheets, the
# calls for projects, and the apps' fixed public pages (the guides' index is a Wagtail page).
SITEMAPS = {
    "pages": PagesSitemap,
    "organisations": OrganisationSitemap(),
    "services": ServiceSitemap(),
    "appels-a-projets": CallSitemap(),
    "rubriques": NamedPagesSitemap(
        [
            "directory:home",
            "search:search",
            "orientation:index",
            "offers:home",
            "offers:premises_list",
            "events:index",
            "funding:list",
        ]
    ),
}


def site_admins_only(view):
    """An admin view for superusers: others are sent to log in, or refused (403)."""

    def guarded(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path(), reverse("wagtailadmin_login"))
        if not request.user.is_superuser:
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return guarded


urlpatterns = [
    path("health/", health, name="health"),
    path(
        "sitemap.xml",
        sitemap_views.index,
        {"sitemaps": SITEMAPS, "sitemap_url_name": "sitemap_section"},
        name="sitemap",
    ),
    path(
        "sitemap-<section>.xml",
        sitemap_views.sitemap,
        {"sitemaps": SITEMAPS},
        name="sitemap_section",
    ),
    path(
        "robots.txt",
        TemplateView.as_view(template_name="robots.txt", content_type="text/plain; charset=utf-8"),
        name="robots_txt",
    ),
    # Browsers ask for /favicon.ico where a page names no icon (API docs, PDFs, feeds).
    path(
        "favicon.ico",
        RedirectView.as_view(url=lazy(static_url, str)("img/favicon.ico"), permanent=True),
    ),
    path("django-admin/", admin.site.urls),
    # Before Wagtail's admin, which has no hook for them: its tag autocomplete and the image
    # chooser's answers by id, scoped (offers/admin_scoping.py). Unnamed: `reverse()` keeps
    # giving Wagtail's names for the same paths.
    path("admin/tag-autocomplete/", admin_scoping.tag_autocomplete),
    path(
        "admin/tag-autocomplete/<slug:app_name>/<slug:model_name>/", admin_scoping.tag_autocomplete
    ),
    path("admin/images/chooser/chosen/<str:pk>/", admin_scoping.image_chosen),
    path("admin/images/chooser/chosen-multiple/", admin_scoping.image_chosen_multiple),
    path("admin/images/chooser/<int:image_id>/select_format/", admin_scoping.image_select_format),
    # wagtail-localize's translations report checks no permission: site admins only (it lists
    # every translation in progress, drafts included). Unnamed, as above.
    path(
        "admin/localize/reports/translations/",
        site_admins_only(TranslationsReportView.as_view()),
    ),
    path(
        "admin/localize/reports/translations/results/",
        site_admins_only(TranslationsReportView.as_view(results_only=True)),
    ),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("i18n/", include("django.conf.urls.i18n")),
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
    path("api/v1/", include("api.urls")),
    path("api/hsds/", include("api.hsds.urls")),
    path("flux/", include("api.feed_urls")),
]

if settings.DEBUG:
    urlpatterns += staticfiles_urlpatterns()
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# The pages people read, in French at their plain address and in English under /en/ (the
# language switcher's `set_language` translates the address it comes back to). Each app owns
# its URLs under its own French prefixes (see each app's urls.py); Wagtail's pages come last.
APPS = (
    "directory",
    "orientation",
    "search",
    "offers",
    "events",
    "feedback",
    "funding",
    "steering",
    "widgets",
    "guides",
    "notifications",
)
urlpatterns += i18n_patterns(
    path("comptes/", include("allauth.urls")),
    path("mon-espace/api/", include("api.account_urls")),
    # « Mon espace »: the account (accounts) and the user's organisations (directory).
    path(
        "mon-espace/",
        include(
            (directory.member_urls.urlpatterns + accounts.urls.urlpatterns, "accounts"),
            namespace="accounts",
        ),
    ),
    *(path("", include(f"{app}.urls")) for app in APPS),
    path("", include(wagtail_urls)),
    prefix_default_language=False,
)

handler404 = "home.views.page_not_found"
# 503 when PostgreSQL/Redis is down, else the plain 500 page.
handler500 = "core.outage.server_error"
