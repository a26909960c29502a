"""Which published staff groups a workshop's staff groups stand for in Workforce at a glance."""

import pytest

from lodestar.star.vocab import STAFF_GROUPS
from lodestar.workforce.glance import PUBLISHED_GROUPS, VACANCY_GROUPS, published_groups


@pytest.mark.parametrize(
    "keys, groups",
    [
        (["registered-nurses"], ["Nurses & health visitors"]),
        (["nursing-associates", "support-workers"], ["Support to doctors, nurses & midwives"]),
        (["registered-nurses", "gps"], ["Nurses & health visitors"]),  # GPs are not in trust statistics
        (["leaders"], ["Senior managers", "Managers"]),
        (["all", "registered-nurses"], []),  # all staff
        ([], []),
        (["volunteers"], []),  # nothing published: all staff rather than nothing
    ],
)
def test_published_groups(keys, groups):
    assert published_groups(keys) == groups


def test_every_mapped_key_is_a_workshop_staff_group():
    keys = {key for key, _ in STAFF_GROUPS}
    assert set(PUBLISHED_GROUPS) <= keys and set(VACANCY_GROUPS) <= keys
