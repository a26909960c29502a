"""The catalogue search matches a word by its stem, so a plural or another ending still finds it."""

import pytest

from lodestar.star.words import stem


@pytest.mark.parametrize(
    ("word", "found_in"),
    [
        ("nurses", "nurse"),
        ("nursing", "nurses"),
        ("therapies", "therapy"),
        ("retiring", "retire"),
        ("recruitment", "recruit"),
    ],
)
def test_a_search_stem_is_found_in_the_other_forms_of_the_word(word, found_in):
    assert stem(word, prefix=True) in found_in
    assert stem(word, prefix=True) in word  # the stem is where the word starts: it only widens a match


def test_the_suggestion_stem_makes_singular_and_plural_meet():
    assert stem("nurses") == stem("nurse") == "nurs"
    assert stem("therapies") == "therapy"


def test_a_hyphen_ends_a_word_in_a_search_and_in_catalogue_text():
    from lodestar.star.words import WORD, search_words

    assert search_words("Night-time  cover, 7-day") == ["night", "time", "cover", "7", "day"]
    assert WORD.findall("night-time e-rostering") == ["night", "time", "rostering"]
    assert stem("night", prefix=True) in "night-time"
