import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("directory", "0003_services_and_moderation"),
        ("orientation", "0002_default_situations_and_glossary"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="Favourite",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="ajouté le")),
                ("service", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="favourites", to="directory.service", verbose_name="service")),
                ("user", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="favourite_services", to=settings.AUTH_USER_MODEL, verbose_name="utilisateur")),
            ],
            options={
                "verbose_name": "service favori",
                "verbose_name_plural": "services favoris",
                "ordering": ["-created_at"],
                "constraints": [models.UniqueConstraint(fields=("user", "service"), name="unique_favourite_service")],
            },
        ),
    ]
