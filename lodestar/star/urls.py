from django.urls import path

from lodestar.star import views

app_name = "star"
urlpatterns = [
    path("", views.placeholder, name="index"),
]
