from django.urls import path

from lodestar.api import views

app_name = "api_tokens"
urlpatterns = [
    path("", views.placeholder, name="list"),
]
