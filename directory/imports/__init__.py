"""Imports into the directory: data·inclusion JSON, FINESS etalab CSV and a generic CSV.

A small app of its own (label `directory_imports`) so that import runs — their progress and
per-row reports, shown in the Wagtail admin — live in their own table and migrations."""
