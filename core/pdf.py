"""HTML → tagged PDF (PDF/UA-1) with WeasyPrint, reading only local files: guides, hall
posters, residence sheets.

The fetcher serves static files (through the staticfiles finders) and media files (from
MEDIA_ROOT) and `data:` URIs (QR codes); it refuses every other URL, so a page's content
can never make the server fetch from the network. `stylesheets` are static paths
(« css/orientation.css ») applied on top of the document's own styles."""

from __future__ import annotations

import mimetypes
from collections.abc import Iterable
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders
from weasyprint import CSS, HTML, URLFetcher
from weasyprint.urls import URLFetcherResponse

# PDF/UA-1: tagged structure, document title shown, language declared (<html lang>).
PDF_VARIANT = "pdf/ua-1"
BASE_URL = "https://pdf.maillage.invalid/"


class LocalFilesFetcher(URLFetcher):
    """Static and media files from disk, `data:` URIs, nothing else."""

    def __init__(self) -> None:
        super().__init__(allowed_protocols={"data", "https"}, allow_redirects=False)

    def fetch(self, url, headers=None):
        if url.startswith("data:"):
            return super().fetch(url, headers)
        path = local_path(url)
        if path is None:
            raise ValueError(f"resource outside static and media files refused: {url}")
        content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return URLFetcherResponse(
            url, body=path.read_bytes(), headers={"Content-Type": content_type}
        )


def local_path(url: str) -> Path | None:
    """The file behind a static or media URL of the PDF's base URL, if there is one."""
    if not url.startswith(BASE_URL):
        return None
    relative = "/" + url.removeprefix(BASE_URL).split("?", 1)[0].split("#", 1)[0]
    if relative.startswith(settings.STATIC_URL):
        found = finders.find(relative.removeprefix(settings.STATIC_URL))
        return Path(found) if found else None
    if relative.startswith(settings.MEDIA_URL):
        root = Path(settings.MEDIA_ROOT).resolve()
        candidate = (root / relative.removeprefix(settings.MEDIA_URL)).resolve()
        if candidate.is_relative_to(root) and candidate.is_file():
            return candidate
    return None


def _render(html: str, stylesheets: Iterable[str]):
    fetcher = LocalFilesFetcher()
    css = [CSS(filename=finders.find(path), url_fetcher=fetcher) for path in stylesheets]
    return HTML(string=html, base_url=BASE_URL, url_fetcher=fetcher).render(stylesheets=css)


def html_to_pdf(html: str, stylesheets: Iterable[str] = ()) -> bytes:
    """A tagged PDF (PDF/UA-1) of a complete HTML document; relative URLs are local files."""
    return _render(html, stylesheets).write_pdf(pdf_variant=PDF_VARIANT)


def html_to_one_page_pdf(htmls: Iterable[str], stylesheets: Iterable[str] = ()) -> bytes:
    """The first of `htmls` (versions of one document, each denser than the one before) that
    lays out on a single page, as a tagged PDF. Should even the last overflow, only its first
    page is kept: a hall poster or a residence sheet is never two sheets."""
    document = None
    for html in htmls:
        document = _render(html, stylesheets)
        if len(document.pages) == 1:
            break
    if document is None:
        raise ValueError("no document to render")
    if len(document.pages) > 1:
        document = document.copy(document.pages[:1])
    return document.write_pdf(pdf_variant=PDF_VARIANT)
