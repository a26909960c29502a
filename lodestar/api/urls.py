from django.urls import path

from lodestar.api.api import api

urlpatterns = [path("", api.urls)]
