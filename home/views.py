from django.shortcuts import render


def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)


def server_error(request):
    # Rendered without a RequestContext-dependent query, so it works when the DB is down.
    return render(request, "500.html", status=500)
