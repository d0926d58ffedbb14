from django.urls import path

# The operations register themselves on `api` when `endpoints` is imported.
from .endpoints import api

urlpatterns = [path("", api.urls)]
