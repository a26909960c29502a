from django.urls import path

from lodestar.notifications.views import ratings, settings, unsubscribe

app_name = "notifications"

urlpatterns = [
    path("settings/", settings.email_settings, name="settings"),
    path("unsubscribe/<str:token>/", unsubscribe.unsubscribe, name="unsubscribe"),
    path("workshops/<int:pk>/ask-to-rate/", ratings.ask_for_ratings, name="ask-for-ratings"),
]
