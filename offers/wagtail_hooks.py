"""Wagtail admin hooks of the marketplace."""

from . import admin_scoping  # noqa: F401  (registers the scoped image chooser)
