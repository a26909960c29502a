"""The sector a member comes from, read from their organisation's type, and the ICS above it.

A network's reach is counted by these two: how many ICSs and how many sectors its members come
from. Regional, ICS and national bodies count as their own "system bodies" sector."""

from __future__ import annotations

from lodestar.orgs.models import Organisation, OrganisationType

SECTORS: dict[str, str] = {
    "nhs": "NHS trusts",
    "primary_care": "Primary care",
    "social_care": "Social care",
    "voluntary": "Voluntary sector",
    "education": "Education",
    "system": "Regional, ICS and national bodies",
}

SECTOR_OF_TYPE = {
    OrganisationType.NHS_TRUST: "nhs",
    OrganisationType.PCN: "primary_care",
    OrganisationType.GP_PRACTICE: "primary_care",
    OrganisationType.LOCAL_AUTHORITY: "social_care",
    OrganisationType.CARE_PROVIDER: "social_care",
    OrganisationType.VOLUNTARY: "voluntary",
    OrganisationType.EDUCATION: "education",
    OrganisationType.REGION: "system",
    OrganisationType.ICS: "system",
    OrganisationType.NATIONAL_BODY: "system",
}


def sector_of(organisation: Organisation) -> str:
    return SECTOR_OF_TYPE.get(organisation.type, "system")


def sector_label(key: str) -> str:
    return SECTORS.get(key, "Other")


def ancestor_of_type(organisation: Organisation, org_type: str) -> Organisation | None:
    """The organisation itself or the nearest one above it of ``org_type`` (an ICS, a region)."""
    if organisation.type == org_type:
        return organisation
    ids = organisation.ancestor_ids()
    found = {o.pk: o for o in Organisation.objects.filter(pk__in=ids, type=org_type)}
    for pk in reversed(ids):
        if pk in found:
            return found[pk]
    return None
