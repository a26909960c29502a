from django.urls import path

from lodestar.plans import views

app_name = "plans"
urlpatterns = [
    path("", views.placeholder, name="portfolio"),
]
