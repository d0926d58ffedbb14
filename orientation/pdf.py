"""Residence sheets as tagged PDF (PDF/UA-1) with WeasyPrint, from local files only."""

from django.contrib.staticfiles import finders
from weasyprint import CSS, HTML
from weasyprint.urls import URLFetcher

PDF_VARIANT = "pdf/ua-1"
STYLESHEETS = ("css/orientation.css",)


def _fetcher() -> URLFetcher:
    # The sheet embeds nothing from elsewhere: data: URIs at most, never the network.
    return URLFetcher(allowed_protocols={"data"}, allow_redirects=False)


def html_to_pdf(html: str) -> bytes:
    """A complete HTML document (with <html lang> and <title>) as a tagged PDF."""
    stylesheets = [CSS(filename=finders.find(path), url_fetcher=_fetcher()) for path in STYLESHEETS]
    document = HTML(string=html, url_fetcher=_fetcher())
    return document.write_pdf(stylesheets=stylesheets, pdf_variant=PDF_VARIANT)
