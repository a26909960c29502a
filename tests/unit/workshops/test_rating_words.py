"""How the group rated, in words a room understands, and when a person sees the group's ratings
(lodestar/workshops/presenters.py; docs/adr/0022-rating-without-anchoring.md)."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from lodestar.workshops import forms
from lodestar.workshops.presenters import group_figures_visible, rating_status, spread_in_words


@pytest.mark.parametrize(
    "values, words",
    [
        ([], "Not rated yet"),
        ([4], "One rating so far: 4"),
        ([3, 3, 3], "Everyone rated 3"),
        ([4, 5, 5, 4], "Most rated 4 or 5"),
        ([4, 4, 4, 2], "Most rated 4; one rated 2"),
        ([4, 5, 5, 4, 1], "Most rated 4 or 5; one rated 1"),
        ([2, 3, 3, 5, 5, 3, 3], "Most rated 3; others rated 2 to 5"),
        ([2, 2, 2, 2, 2, 5, 5], "Most rated 2; 2 rated 5"),
        ([1, 2, 2, 2, 1, 5, 5], "Views differ widely (1 to 5)"),
        ([1, 1, 5, 5], "Views differ widely (1 to 5)"),
        ([1, 2, 4, 5], "Views differ widely (1 to 5)"),
        ([1, 2, 3, 4, 5], "Views differ widely (1 to 5)"),
        ([2, 3, 4], "Most rated 3 or 4; one rated 2"),
    ],
)
def test_the_spread_of_ratings_reads_as_words(values, words):
    assert spread_in_words(values) == words


def test_the_words_never_show_quartiles_or_decimals():
    for values in ([1, 2], [2, 3, 3, 4], [1, 3, 3, 3, 5], [1, 1, 2, 4, 5, 5]):
        assert "." not in spread_in_words(values)


def _workshop(revealed=False, confirmed=False):
    return SimpleNamespace(ratings_open_to_all=revealed or confirmed)


@pytest.mark.parametrize(
    "workshop, can_rate, n_candidates, n_rated, visible",
    [
        (_workshop(), True, 3, 0, False),
        (_workshop(), True, 3, 2, False),
        (_workshop(), True, 3, 3, True),
        (_workshop(), True, 0, 0, False),
        # an observer cannot rate, so sees the group's ratings only once they are shown to all
        (_workshop(), False, 3, 0, False),
        (_workshop(revealed=True), True, 3, 0, True),
        (_workshop(revealed=True), False, 3, 0, True),
        (_workshop(confirmed=True), False, 3, 0, True),
    ],
)
def test_the_group_s_ratings_show_once_you_have_rated_everything_or_they_are_shown_to_all(
    workshop, can_rate, n_candidates, n_rated, visible
):
    assert group_figures_visible(workshop, can_rate=can_rate, n_candidates=n_candidates, n_rated=n_rated) is visible


@pytest.mark.parametrize(
    "data, words",
    [
        ({"c1-impact": "4", "c1-effort": "2"}, "Saved: impact 4, effort 2 for Return to practice."),
        ({"c1-impact": "4"}, "Now choose an effort rating for Return to practice to save it."),
        ({"c1-effort": "2"}, "Now choose an impact rating for Return to practice to save it."),
        ({"c1-impact": "9", "c1-effort": "2"}, "Not saved: Choose an impact rating from 1 to 5"),
    ],
)
def test_a_rating_saved_as_it_changes_is_announced_in_words(data, words):
    assert rating_status(forms.RatingForm(data, prefix="c1"), "Return to practice") == words
