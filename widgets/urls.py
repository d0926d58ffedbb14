app_name = "widgets"

urlpatterns: list = []
