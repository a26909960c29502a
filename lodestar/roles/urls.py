"""The new roles register: entries, their posts over time, the regional view and using a role in a
projection."""

from lodestar.roles.views import projection, regional, register

app_name = "roles"

urlpatterns = [
    *regional.ROUTES,  # views/regional.py: roles by ICS and sector, chart, table, CSV and XLSX
    *register.ROUTES,  # views/register.py: list, add, change, an entry's page, recording posts
    *projection.ROUTES,  # views/projection.py: use the role in a projection scenario
]
