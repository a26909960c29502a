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
    path("notifications/", include("lodestar.notifications.urls")),
    path("workforce/", include("lodestar.workforce.urls")),
    path("projections/", include("lodestar.projections.urls")),
    path("learning/", include("lodestar.learning.urls")),
    path("programmes/", include("lodestar.programmes.urls")),
    path("pilots/", include("lodestar.pilots.urls")),
    path("pathways/", include("lodestar.pathways.urls")),
    path("roles/", include("lodestar.roles.urls")),
    path("talent/", include("lodestar.talent.urls")),
    path("networks/", include("lodestar.networks.urls")),
    path("api/v1/", include("lodestar.api.urls")),
    path("django-admin/", admin.site.urls),
]

# Error pages in the NHS.UK layout (JSON under /api/).
handler400 = "lodestar.core.views.bad_request"
handler403 = "lodestar.core.views.permission_denied"
handler404 = "lodestar.core.views.page_not_found"
handler500 = "lodestar.core.views.server_error"
