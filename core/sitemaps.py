"""Sitemap of fixed pages named by their URL names (apps' own sitemaps list their objects; the
index at /sitemap.xml is assembled in portal/urls.py). French addresses only: English lives
under /en/ and is announced by the pages themselves."""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse


class NamedPagesSitemap(Sitemap):
    def __init__(self, names: list[str]):
        self.names = list(names)

    def items(self):
        return self.names

    def location(self, name):
        return reverse(name)
