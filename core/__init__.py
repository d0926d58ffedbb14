"""Mechanisms without domain knowledge (DESIGN.md §1): no import of any Maillage app."""
