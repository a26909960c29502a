from lodestar.programmes.views import dashboard, parts, programmes

app_name = "programmes"

urlpatterns = [
    *programmes.ROUTES,  # views/programmes.py: the front page, themes, a programme, its links
    *parts.ROUTES,  # views/parts.py: milestones, benefit measures, risks
    *dashboard.ROUTES,  # views/dashboard.py: the regional dashboard and its downloads
]
