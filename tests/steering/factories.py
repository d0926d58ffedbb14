"""Factories for the dashboards: aggregate counter rows as the flush task writes them."""

import factory

from core import counters
from core.models import DailyCounter


class DailyCounterFactory(factory.django.DjangoModelFactory):
    """One day's count of a metric; dimension values are strings, as the flush stores them."""

    class Meta:
        model = DailyCounter

    day = factory.LazyFunction(counters.today)
    metric = "orientation"
    dimensions = factory.LazyFunction(dict)
    value = 1

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        kwargs["dimensions"] = {name: str(value) for name, value in kwargs["dimensions"].items()}
        return super()._create(model_class, *args, **kwargs)
