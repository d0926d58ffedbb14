"""The click counter: `/compter/` counts a click on a sheet's call, email or directions link
(issue #18, item 1). Sent by the `ping` attribute of those links or, where the browser has no
`ping`, by `navigator.sendBeacon` (static/js/counters.js): a POST without cookie nor CSRF
token, hence csrf_exempt; it changes nothing but a daily aggregate counter. Only the click
metrics of core.counters and a public organisation or service are accepted; rate-limited
per visitor (the address is used only by the limiter's short-lived Redis window)."""

from django.http import HttpResponse, HttpResponseBadRequest
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from core import counters
from core.ratelimit import hit, visitor_key

from .models import Organisation, Service

KINDS = {"organisation": Organisation, "service": Service}
CLICK_RATE = (120, 3600)  # clicks per visitor and hour


def _param(request, name: str) -> str:
    # `ping` sends its body as "PING": the parameters travel in the query string.
    return (request.POST.get(name) or request.GET.get(name) or "").strip()


@csrf_exempt
@require_POST
def count_click(request):
    limit, window = CLICK_RATE
    if not hit(f"count-click:{visitor_key(request)}", limit, window).allowed:
        return HttpResponse(status=429)
    metric, kind, pk = _param(request, "m"), _param(request, "k"), _param(request, "id")
    model = KINDS.get(kind)
    if metric not in counters.CLICK_METRICS or model is None or not pk.isdigit():
        return HttpResponseBadRequest("Unknown metric or entry.")
    entries = model.objects.public().filter(pk=int(pk))
    if model is Service:
        organisation = entries.values_list("organisation_id", flat=True).first()
        if organisation is None:
            return HttpResponseBadRequest("Unknown metric or entry.")
        counters.count(metric, kind=kind, service=int(pk), organisation=organisation)
    else:
        if not entries.exists():
            return HttpResponseBadRequest("Unknown metric or entry.")
        counters.count(metric, kind=kind, organisation=int(pk))
    return HttpResponse(status=204)
