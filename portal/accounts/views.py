from django.contrib.auth.decorators import login_required
from django.shortcuts import render


@login_required
def dashboard(request):
    """The logged-in user's home: their organisations and roles."""
    memberships = request.user.memberships.select_related("organisation").order_by(
        "organisation__name"
    )
    return render(request, "accounts/dashboard.html", {"memberships": memberships})
