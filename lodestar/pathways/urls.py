"""Training pathways: the list, a pathway's page with its stages, cohorts and counts, and using a
pathway in a projection."""

from lodestar.pathways.views import cohorts, pathways, projection

app_name = "pathways"

urlpatterns = [
    *pathways.ROUTES,  # views/pathways.py: list, add, change, a pathway's page, stages, competencies, placements
    *cohorts.ROUTES,  # views/cohorts.py: cohorts and their counts with the history
    *projection.ROUTES,  # views/projection.py: use the pathway in a projection scenario
]
