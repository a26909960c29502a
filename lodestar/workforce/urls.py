from django.urls import path

from lodestar.workforce.views import overview

app_name = "workforce"

urlpatterns = [
    path("", overview.index, name="index"),
]
