"""The directory's sheets in the sitemap: every public organisation and service (published,
organisation published, not a merged duplicate), as their sheets show them."""

from django.contrib.sitemaps import Sitemap

from .models import Organisation, Service


class OrganisationSitemap(Sitemap):
    def items(self):
        return Organisation.objects.public().order_by("pk")

    def lastmod(self, organisation):
        return organisation.updated_at


class ServiceSitemap(Sitemap):
    def items(self):
        return Service.objects.public().order_by("pk")

    def lastmod(self, service):
        return service.updated_at
