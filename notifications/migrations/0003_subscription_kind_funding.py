from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("notifications", "0002_delivery_once_per_kind"),
    ]

    operations = [
        migrations.AlterField(
            model_name="subscription",
            name="kind",
            field=models.CharField(
                choices=[
                    ("premises", "Locaux disponibles"),
                    ("offers", "Offres de services ESS"),
                    ("services", "Services de l'annuaire"),
                    ("funding", "Appels à projets"),
                ],
                max_length=10,
                verbose_name="sur quoi",
            ),
        ),
    ]
