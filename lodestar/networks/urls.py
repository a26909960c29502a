"""Networks for shared learning: communities of practice (issue 13)."""

from lodestar.networks.views import discussions, events, finding, members, network, resources

app_name = "networks"

urlpatterns = [
    *finding.ROUTES,  # views/finding.py: find networks, start one
    *network.ROUTES,  # views/network.py: a network's page, join, leave, reach
    *members.ROUTES,  # views/members.py: members, requests and coordinators' decisions
    *discussions.ROUTES,  # views/discussions.py: threads, replies, moderation
    *events.ROUTES,  # views/events.py: events, sign-up, .ics
    *resources.ROUTES,  # views/resources.py: files and links
]
