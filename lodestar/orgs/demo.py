"""Demo organisations: one national body, a region, two ICSs and providers of each kind.

``load()`` is idempotent: organisations are found by name beneath their parent and
only missing ones are created (through the actions layer, so they are audited).
"""

from __future__ import annotations

from lodestar.orgs import actions
from lodestar.orgs.models import Organisation
from lodestar.orgs.models import OrganisationType as T

# (name, type, ODS code, parent name)
ORGANISATIONS = [
    ("NHS England (demo)", T.NATIONAL_BODY, None, None),
    ("North of England (demo)", T.REGION, None, "NHS England (demo)"),
    ("Riverside ICS", T.ICS, None, "North of England (demo)"),
    ("Moorland ICS", T.ICS, None, "North of England (demo)"),
    ("Riverside Hospitals NHS Foundation Trust", T.NHS_TRUST, "RVX", "Riverside ICS"),
    ("Riverside Community Health NHS Trust", T.NHS_TRUST, None, "Riverside ICS"),
    ("Riverside Central PCN", T.PCN, None, "Riverside ICS"),
    ("Bridge Street Surgery", T.GP_PRACTICE, None, "Riverside Central PCN"),
    ("Riverside City Council", T.LOCAL_AUTHORITY, None, "Riverside ICS"),
    ("Hillview Care Homes", T.CARE_PROVIDER, None, "Riverside ICS"),
    ("Riverside Carers Network", T.VOLUNTARY, None, "Riverside ICS"),
    ("University of Riverside", T.EDUCATION, None, "Riverside ICS"),
    ("Moorland General NHS Trust", T.NHS_TRUST, None, "Moorland ICS"),
    ("Moorland Rural PCN", T.PCN, None, "Moorland ICS"),
]


def load() -> dict[str, Organisation]:
    actions.ensure_default_roles()
    made: dict[str, Organisation] = {}
    for name, type_, ods_code, parent_name in ORGANISATIONS:
        parent = made[parent_name] if parent_name else None
        org = None
        if ods_code:
            org = Organisation.objects.filter(ods_code=ods_code).first()
        if org is None:
            org = Organisation.objects.filter(name=name, parent=parent).first()
        if org is None:
            org = actions.create_organisation(actor=None, name=name, type=type_, ods_code=ods_code, parent=parent)
        made[name] = org
    return made
