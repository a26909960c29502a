"""Demo organisations carry ODS codes, so demo workforce files match them; an older demo load
without codes is given them (audited), once."""

import pytest

from lodestar.core.models import AuditEvent
from lodestar.orgs import demo
from lodestar.orgs.models import Organisation, OrgEvent
from lodestar.orgs.models import OrganisationType as T

pytestmark = pytest.mark.django_db


def test_demo_providers_ics_and_region_have_codes():
    made = demo.load()
    assert made["Riverside ICS"].ods_code == "QZR"
    assert made["North of England (demo)"].ods_code == "Y99"
    assert made["Bridge Street Surgery"].ods_code == "Y99901"
    coded = {T.REGION, T.ICS, T.NHS_TRUST, T.PCN, T.GP_PRACTICE, T.LOCAL_AUTHORITY}
    assert all(org.ods_code for org in made.values() if org.type in coded)


def test_a_demo_organisation_without_a_code_is_given_it_once_and_audited():
    demo.load()
    trust = Organisation.objects.get(name="Riverside Community Health NHS Trust")
    Organisation.objects.filter(pk=trust.pk).update(ods_code=None)  # as an older demo load left it
    demo.load()
    trust.refresh_from_db()
    assert trust.ods_code == "R9C"
    events = AuditEvent.objects.filter(action=OrgEvent.UPDATE.value, target_id=str(trust.pk))
    assert [e.changes for e in events] == [[("ods_code", None, "R9C")]]
    demo.load()
    assert AuditEvent.objects.filter(action=OrgEvent.UPDATE.value, target_id=str(trust.pk)).count() == 1
    assert Organisation.objects.filter(name="Riverside Community Health NHS Trust").count() == 1
