from django.urls import path
from ninja import NinjaAPI

api = NinjaAPI(title="Lodestar API", version="1.0.0", urls_namespace="api")

urlpatterns = [path("", api.urls)]
