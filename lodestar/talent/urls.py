"""Workforce leaders: talent conversations and succession plans (issue 13)."""

from lodestar.talent.views import conversations, pipeline, succession

app_name = "talent"

urlpatterns = [
    *conversations.ROUTES,  # views/conversations.py: the landing page, record and read a conversation
    *succession.ROUTES,  # views/succession.py: succession plans for critical posts and their successors
    *pipeline.ROUTES,  # views/pipeline.py: the pipeline in figures (no names) and its CSV
]
