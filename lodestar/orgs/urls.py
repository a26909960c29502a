from django.urls import path

from lodestar.orgs import views

app_name = "orgs"
urlpatterns = [
    path("", views.placeholder, name="list"),
]
