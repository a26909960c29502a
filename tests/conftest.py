import pytest

from tests.factories import hierarchy as make_hierarchy


@pytest.fixture
def orgs(db):
    """A small region: region > ICS A (Trust A, PCN A > Practice A), ICS B (Trust B)."""
    return make_hierarchy()
