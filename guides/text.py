"""Plain text of a guide's body, for search documents (pure: walks the StreamField value)."""

from __future__ import annotations

from django.utils.html import strip_tags


def _rich(value) -> str:
    source = getattr(value, "source", value)
    return strip_tags(str(source or ""))


def block_text(block_type: str, value) -> list[str]:
    """The words one block shows; live blocks (contacts, agenda) only their titles."""
    if block_type == "text":
        return [_rich(value)]
    if block_type == "steps":
        parts = [value.get("title") or ""]
        for step in value.get("steps") or []:
            parts += [step.get("title") or "", step.get("text") or ""]
        return parts
    if block_type == "faq":
        parts = [value.get("title") or ""]
        for item in value.get("questions") or []:
            parts += [item.get("question") or "", _rich(item.get("answer"))]
        return parts
    if block_type == "key_figure":
        return [value.get("figure") or "", value.get("label") or ""]
    if block_type == "callout":
        return [value.get("title") or "", _rich(value.get("text"))]
    if block_type == "glossary_term":
        term = value.get("glossary_term")
        if term is not None:
            return [term.acronym, term.term, term.definition]
        return [value.get("term") or "", value.get("definition") or ""]
    if block_type == "image":
        return [value.get("alt_text") or "", value.get("caption") or ""]
    if block_type in {"contact", "event_list", "document"}:
        return [value.get("title") or "", value.get("note") or ""]
    return []


def body_text(stream) -> str:
    """All the words of a StreamField value, one block after another."""
    words: list[str] = []
    for child in stream:
        words += [part.strip() for part in block_text(child.block_type, child.value)]
    return "\n".join(part for part in words if part)
