"""factory_boy factories, one per model. Apps add their own modules here (tests/factories/<app>.py)."""

from __future__ import annotations

import factory

from lodestar.accounts.models import User
from lodestar.orgs.models import Membership, Organisation, OrganisationType, Role

PASSWORD = "correct-horse-battery-staple"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.nhs.uk")
    full_name = factory.Sequence(lambda n: f"Person {n}")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):  # noqa: N805
        if create:
            obj.save()


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Organisation {n}")
    type = OrganisationType.NHS_TRUST
    ods_code = factory.Sequence(lambda n: f"X{n:04d}")
    parent = None


def role(slug: str) -> Role:
    # Transactional tests (live_server, two connections) flush the seeded roles: re-seed them.
    from lodestar.orgs.permissions import DEFAULT_ROLES

    name, perms = DEFAULT_ROLES.get(slug, (slug, []))
    return Role.objects.get_or_create(slug=slug, defaults={"name": name, "permissions": [p.value for p in perms]})[0]


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    role = factory.LazyFunction(lambda: role("viewer"))


def member(org: Organisation, role_slug: str = "viewer", **user_kwargs) -> User:
    """A new user holding ``role_slug`` at ``org``."""
    user = UserFactory(**user_kwargs)
    MembershipFactory(user=user, organisation=org, role=role(role_slug))
    return user


def hierarchy() -> dict[str, Organisation]:
    """region > (ics_a > trust_a, pcn_a > practice_a), (ics_b > trust_b)"""
    region = OrganisationFactory(name="Test Region", type=OrganisationType.REGION, ods_code="Y01")
    ics_a = OrganisationFactory(name="ICS A", type=OrganisationType.ICS, parent=region, ods_code="QA1")
    ics_b = OrganisationFactory(name="ICS B", type=OrganisationType.ICS, parent=region, ods_code="QB1")
    trust_a = OrganisationFactory(name="Trust A", parent=ics_a, ods_code="RA1")
    pcn_a = OrganisationFactory(name="PCN A", type=OrganisationType.PCN, parent=ics_a, ods_code="UA1")
    practice_a = OrganisationFactory(name="Practice A", type=OrganisationType.GP_PRACTICE, parent=pcn_a, ods_code="PA1")
    trust_b = OrganisationFactory(name="Trust B", parent=ics_b, ods_code="RB1")
    return dict(
        region=region, ics_a=ics_a, ics_b=ics_b, trust_a=trust_a, pcn_a=pcn_a, practice_a=practice_a, trust_b=trust_b
    )
