"""Suggesting catalogue interventions for a challenge."""

from types import SimpleNamespace

from lodestar.workshops import suggest


def iv(title, summary="", description="", staff_groups=(), care_settings=()):
    return SimpleNamespace(
        title=title,
        summary=summary,
        description=description,
        staff_groups=list(staff_groups),
        care_settings=list(care_settings),
    )


CATALOGUE = [
    iv(
        "Return to practice",
        "Bring back registered nurses whose registration has lapsed",
        staff_groups=["registered-nurses"],
    ),
    iv("Leadership academy", "Develop leaders through national programmes", staff_groups=["leaders"]),
    iv("E-rostering", "Plan shifts with electronic rostering to cut agency use", care_settings=["acute"]),
    iv(
        "Clinical pharmacists in practices",
        "Pharmacists review medicines in GP practices",
        staff_groups=["pharmacy"],
        care_settings=["primary-care"],
    ),
    iv(
        "Late-career flexibility",
        "Keep experienced nurses near retirement with flexible hours and retire-and-return",
        staff_groups=["registered-nurses"],
    ),
]


def test_stemming_and_stop_words():
    assert suggest.tokens("The nurses are retiring") == suggest.tokens("nurse retire")
    assert "the" not in suggest.tokens("the and of")


def test_obviously_matching_intervention_ranks_first():
    results = suggest.rank(
        CATALOGUE,
        text="Experienced nurses are retiring early; we want flexible hours to keep them",
        staff_groups=["registered-nurses"],
        care_settings=["community"],
    )
    assert results[0].intervention.title == "Late-career flexibility"
    assert "Leadership academy" not in [r.intervention.title for r in results]


def test_reasons_name_words_groups_and_settings():
    results = suggest.rank(
        CATALOGUE,
        text="medicines reviews in general practice",
        staff_groups=["pharmacy"],
        care_settings=["primary-care"],
    )
    top = results[0]
    assert top.intervention.title == "Clinical pharmacists in practices"
    assert "medicines" in top.words
    assert top.staff_groups == ["Pharmacists and pharmacy technicians"] and top.care_settings == ["Primary care"]
    assert any(r.startswith("Matching words") for r in top.reasons)


def test_rare_words_count_more_than_common_ones():
    pool = [
        iv("A", "nurses rostering"),
        iv("B", "nurses retention"),
        iv("C", "nurses apprenticeships"),
    ]
    results = suggest.rank(pool, text="nurses apprenticeships")
    assert results[0].intervention.title == "C"


def test_no_match_means_no_suggestion():
    assert suggest.rank(CATALOGUE, text="zebra giraffe") == []
    assert suggest.rank([], text="nurses") == []
