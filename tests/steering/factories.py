"""Factories for the dashboards: aggregate counts added as the flush task adds them."""

import json

import factory
from django.db import connection, transaction

from core import counters
from core.models import DailyCounter


class DailyCounterFactory(factory.django.DjangoModelFactory):
    """Counts of a metric on a day, added to the day's and the month's rows through the flush's
    own `core.counters.add_rows`; dimension values are strings, as the flush stores them."""

    class Meta:
        model = DailyCounter

    day = factory.LazyFunction(counters.today)
    metric = "orientation"
    dimensions = factory.LazyFunction(dict)
    value = 1

    @classmethod
    def _create(cls, model_class, *, day, metric, dimensions, value):
        checked = {name: str(given) for name, given in dimensions.items()}
        with transaction.atomic(), connection.cursor() as cursor:
            counters.add_rows(cursor, [[day, metric, json.dumps(checked, sort_keys=True), value]])
        return model_class.objects.get(day=day, metric=metric, dimensions=checked)
