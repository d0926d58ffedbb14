from django.urls import path

from . import token_views

app_name = "api_tokens"

urlpatterns = [
    path("", token_views.tokens, name="tokens"),
    path("<int:pk>/revoquer/", token_views.revoke, name="revoke"),
]
