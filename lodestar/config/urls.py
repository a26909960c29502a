from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("", include("lodestar.core.urls")),
    path("account/api-tokens/", include("lodestar.api.web_urls")),
    path("account/", include("lodestar.accounts.urls")),
    path("organisations/", include("lodestar.orgs.urls")),
    path("star/", include("lodestar.star.urls")),
    path("workshops/", include("lodestar.workshops.urls")),
    path("plans/", include("lodestar.plans.urls")),
    path("api/v1/", include("lodestar.api.urls")),
    path("django-admin/", admin.site.urls),
]
