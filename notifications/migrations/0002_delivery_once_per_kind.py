"""One outbox row per recipient, item, kind of message and channel: an event registration is
announced several times (confirmed, promoted, reminder…), each once."""

from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('contenttypes', '0002_remove_content_type_name'),
        ('notifications', '0001_initial'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name='delivery',
            name='notifications_delivery_once_per_recipient_item_channel',
        ),
        migrations.AddConstraint(
            model_name='delivery',
            constraint=models.UniqueConstraint(fields=('recipient_key', 'content_type', 'object_id', 'kind', 'channel'), name='notifications_delivery_once_per_recipient_item_kind_channel'),
        ),
    ]
