from datetime import timedelta

from django import template

register = template.Library()


@register.filter
def minutes(duration) -> int:
    """Whole minutes in a timedelta (rounded up), for "réessayez dans N minutes"."""
    if not isinstance(duration, timedelta):
        return 0
    return max(1, -(-int(duration.total_seconds()) // 60))
