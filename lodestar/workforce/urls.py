from django.urls import path

from lodestar.workforce.views import figures, imports, overview

app_name = "workforce"

urlpatterns = [
    path("", overview.index, name="index"),
    *figures.ROUTES,  # views/figures.py
    *imports.ROUTES,  # views/imports.py
]
