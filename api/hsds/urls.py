from django.urls import path

# The operations register themselves on `hsds` when `endpoints` is imported.
from .endpoints import hsds

urlpatterns = [path("", hsds.urls)]
