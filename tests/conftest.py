import pytest

from tests.factories import hierarchy as make_hierarchy


@pytest.fixture
def orgs(db):
    """A small region: region > ICS A (Trust A, PCN A > Practice A), ICS B (Trust B)."""
    return make_hierarchy()


def pytest_make_parametrize_id(config, val, argname):
    """File contents as parameters get their argument's name as id (pytest numbers repeats):
    an Excel file's bytes hold the time it was written, so two pytest-xdist workers would
    otherwise collect different test ids and refuse to run."""
    if isinstance(val, (bytes, bytearray)):
        return argname
    return None
