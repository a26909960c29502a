from django.urls import path

from lodestar.star import views

app_name = "star"
urlpatterns = [
    path("", views.index, name="index"),
    path("interventions/", views.intervention_list, name="interventions"),
    path("interventions/new/", views.create, name="create"),
    path("interventions/<slug:code>/", views.detail, name="detail"),
    path("interventions/<slug:code>/edit/", views.edit, name="edit"),
    path("interventions/<slug:code>/retire/", views.retire, name="retire"),
    path("interventions/<slug:code>/restore/", views.restore, name="restore"),
    path("<slug:key>/", views.point, name="point"),
]
