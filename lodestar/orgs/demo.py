"""Demo organisations: one national body, a region, two ICSs and providers of each kind.

``load()`` is idempotent: organisations are found by ODS code or by name beneath their
parent, only missing ones are created, and a demo organisation without an ODS code (from an
older demo load) is given its code; every write goes through the actions layer, so it is
audited.

The codes look like ODS codes (region Y.., ICB Q.., trust R.., PCN U....., practice Y.....)
but are chosen not to be real ones, so demo workforce files
(``lodestar/workforce/data/demo/``) match these organisations and nobody else's. The local
authority's code is an ONS-style area code, the key of population projections.
"""

from __future__ import annotations

from lodestar.orgs import actions
from lodestar.orgs.models import Organisation
from lodestar.orgs.models import OrganisationType as T

# (name, type, ODS code, parent name)
ORGANISATIONS = [
    ("NHS England (demo)", T.NATIONAL_BODY, None, None),
    ("North of England (demo)", T.REGION, "Y99", "NHS England (demo)"),
    ("Riverside ICS", T.ICS, "QZR", "North of England (demo)"),
    ("Moorland ICS", T.ICS, "QZM", "North of England (demo)"),
    ("Riverside Hospitals NHS Foundation Trust", T.NHS_TRUST, "RVX", "Riverside ICS"),
    ("Riverside Community Health NHS Trust", T.NHS_TRUST, "R9C", "Riverside ICS"),
    ("Riverside Central PCN", T.PCN, "U99901", "Riverside ICS"),
    ("Bridge Street Surgery", T.GP_PRACTICE, "Y99901", "Riverside Central PCN"),
    ("Riverside City Council", T.LOCAL_AUTHORITY, "E06000999", "Riverside ICS"),
    ("Hillview Care Homes", T.CARE_PROVIDER, "VH9Z1", "Riverside ICS"),
    ("Riverside Carers Network", T.VOLUNTARY, None, "Riverside ICS"),
    ("University of Riverside", T.EDUCATION, None, "Riverside ICS"),
    ("Moorland General NHS Trust", T.NHS_TRUST, "R9M", "Moorland ICS"),
    ("Moorland Rural PCN", T.PCN, "U99902", "Moorland ICS"),
]


def _give_code(org: Organisation, ods_code: str | None) -> Organisation:
    """Set ``ods_code`` on a demo organisation that has none, unless another organisation uses it."""
    if not ods_code or org.ods_code or Organisation.objects.filter(ods_code=ods_code).exists():
        return org
    return actions.update_organisation(actor=None, organisation=org, ods_code=ods_code)


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
        made[name] = _give_code(org, ods_code)
    return made
