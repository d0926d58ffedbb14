"""Calls for projects in the sitemap: the ones anyone may read (published, or closed at their
deadline)."""

from django.contrib.sitemaps import Sitemap

from .models import CallForProjects


class CallSitemap(Sitemap):
    def items(self):
        return CallForProjects.objects.public().order_by("pk")

    def lastmod(self, call):
        return call.updated_at
