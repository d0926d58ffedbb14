"""In which language a screen reader reads a piece of a page: the `lang` of the nearest element
around it (WCAG 3.1.2, RGAA 8.7)."""

from bs4 import BeautifulSoup


def language_of(html: str, text: str) -> str:
    """The language `text` (the first text node of the page's `<main>` containing it) is read
    in."""
    soup = BeautifulSoup(html, "html.parser")
    found = (soup.find("main") or soup).find(string=lambda node: text in node)
    assert found is not None, f"{text!r} is not in the page"
    for parent in found.parents:
        if parent.has_attr("lang"):
            return parent["lang"]
    raise AssertionError("the page declares no language")
