from django.urls import path

from lodestar.workshops import views

app_name = "workshops"
urlpatterns = [
    path("", views.placeholder, name="list"),
]
