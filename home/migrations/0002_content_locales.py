"""A Wagtail locale for each content language (settings.WAGTAIL_CONTENT_LANGUAGES, from
MAILLAGE_CONTENT_LANGUAGES). Adding a language later: `manage.py load_demo_data` or the admin's
Locales screen creates its locale; removing one leaves its locale (and pages) in place."""

from django.conf import settings
from django.db import migrations


def create_locales(apps, schema_editor):
    Locale = apps.get_model("wagtailcore", "Locale")
    for code, _name in settings.WAGTAIL_CONTENT_LANGUAGES:
        Locale.objects.get_or_create(language_code=code)


class Migration(migrations.Migration):
    dependencies = [
        ("home", "0001_initial"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(create_locales, migrations.RunPython.noop)]
