"""Demo content for development: `manage.py load_demo_data`. Nothing in the product imports it."""
