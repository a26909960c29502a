from lodestar.pilots.views import pages, stages

app_name = "pilots"

urlpatterns = [
    *pages.ROUTES,  # views/pages.py: the list, a pilot's page, propose, change the proposal, measures
    *stages.ROUTES,  # views/stages.py: approve, start, PDSA cycles, evaluate, decide (and scale up)
]
