"""The ranking of recommendations and the words that say why (ADR 0036): no database."""

from __future__ import annotations

import datetime

from lodestar.learning import recommendations as r

MINE = r.Organisation(pk=1, name="Riverside Hospitals", type="nhs_trust", size=2400.0)
TRUST = r.Organisation(pk=2, name="Moorland General", type="nhs_trust", size=1800.0)
BIG_TRUST = r.Organisation(pk=3, name="City Teaching Hospitals", type="nhs_trust", size=12000.0)
PCN = r.Organisation(pk=4, name="Riverside Central PCN", type="pcn")
CARE = r.Organisation(pk=5, name="Hillview Care Homes", type="care_provider")
MENTORING, ROSTERING, LINK_WORKERS = 10, 11, 12

FOCUS = r.Focus(
    organisation=MINE,
    interventions={MENTORING: ("Mentoring for newly qualified nurses", "on your shortlist")},
    points={
        "supply": ("Supply", r.GAP_POINT, "where your Star assessment wants to move from 2 to 4"),
        "leadership": ("Leadership", r.POINT, "where your group raised a challenge"),
    },
    staff_groups={"registered-nurses": "Registered nurses"},
    care_settings={"acute": "Acute hospital"},
)


def case_study(pk, title, org=PCN, **tags):
    return r.CaseStudyFacts(pk=pk, title=title, organisation=org, **tags)


def adoption(org, intervention=MENTORING, stage="adopted", since=datetime.date(2025, 6, 2), title=None):
    titles = {MENTORING: "Mentoring for newly qualified nurses", ROSTERING: "E-rostering", LINK_WORKERS: "Link workers"}
    return r.Adoption(org, intervention, title or titles[intervention], stage, since)


def test_a_case_study_says_each_reason_it_scored():
    [s] = r.rank_case_studies(
        FOCUS,
        [
            case_study(
                1,
                "Preceptorship",
                org=TRUST,
                interventions=(MENTORING,),
                points=("supply",),
                staff_groups=("registered-nurses",),
                care_settings=("acute",),
            )
        ],
    )
    assert s.why == [
        "Tagged with Mentoring for newly qualified nurses, which is on your shortlist",
        "About Supply, where your Star assessment wants to move from 2 to 4",
        "For registered nurses, like your workshop",
        "In acute hospital, like your workshop",
        "Written by an organisation like yours: an NHS trust",
    ]
    assert s.score == r.INTERVENTION + r.GAP_POINT + r.STAFF_GROUP + r.CARE_SETTING + r.WRITTEN_BY_LIKE


def test_a_shared_intervention_outranks_a_shared_star_point_and_ties_go_by_title():
    ranked = r.rank_case_studies(
        FOCUS,
        [
            case_study(1, "Zebra crossing", points=("leadership",)),
            case_study(2, "About supply", points=("supply",)),
            case_study(3, "Also leadership", points=("leadership",)),
            case_study(4, "Mentoring", interventions=(MENTORING,)),
        ],
    )
    assert [s.subject.title for s in ranked] == ["Mentoring", "About supply", "Also leadership", "Zebra crossing"]


def test_a_case_study_sharing_nothing_is_not_suggested_even_from_an_organisation_like_yours():
    unrelated = case_study(1, "Car parking", org=TRUST, points=("new-roles",), staff_groups=("gps",))
    assert r.rank_case_studies(FOCUS, [unrelated]) == []


def test_adoption_by_organisations_like_yours_is_counted_in_words():
    cs = case_study(1, "Mentoring", interventions=(MENTORING,))
    adoptions = [adoption(TRUST), adoption(BIG_TRUST), adoption(PCN), adoption(MINE)]
    [s] = r.rank_case_studies(FOCUS, [cs], adoptions)
    assert "Its practice was adopted by 2 organisations like yours: NHS trusts" in s.why
    assert s.score == r.INTERVENTION + 2 * r.ADOPTED_BY_LIKE


def test_the_list_is_cut_at_the_limit():
    many = [case_study(i, f"Case {i:02d}", points=("supply",)) for i in range(12)]
    assert len(r.rank_case_studies(FOCUS, many)) == r.LIMIT


def test_organisations_that_adopted_your_intervention_come_first_with_why():
    ranked = r.rank_organisations(
        FOCUS,
        [
            adoption(PCN, stage="embedded", since=datetime.date(2026, 4, 1)),
            adoption(TRUST),
            adoption(BIG_TRUST, ROSTERING),
            adoption(CARE, LINK_WORKERS),
        ],
    )
    assert [s.subject.name for s in ranked] == ["Moorland General", "Riverside Central PCN", "City Teaching Hospitals"]
    trust, pcn, big = ranked
    assert trust.why == [
        "Adopted Mentoring for newly qualified nurses, which is on your shortlist: adopted since June 2025",
        "An organisation like yours: an NHS trust",
        "Of similar size: about 1,800 FTE staff in post (yours about 2,400 FTE staff in post)",
    ]
    assert trust.score == r.ADOPTED + r.SAME_TYPE + r.SIMILAR_SIZE
    assert pcn.why == [
        "Adopted Mentoring for newly qualified nurses, which is on your shortlist: embedded since April 2026"
    ]
    assert pcn.score == r.ADOPTED + r.EMBEDDED
    # Like yours but not of similar size, and it adopted something you have not got: named as such.
    assert big.why == [
        "Has adopted E-rostering, which is not in your workshop yet: adopted since June 2025",
        "An organisation like yours: an NHS trust",
    ]


def test_an_organisation_neither_like_yours_nor_sharing_an_intervention_is_left_out():
    assert r.rank_organisations(FOCUS, [adoption(CARE, LINK_WORKERS)]) == []


def test_your_own_organisation_is_never_suggested_to_you():
    assert r.rank_organisations(FOCUS, [adoption(MINE)]) == []


def test_the_same_sector_counts_when_the_type_differs():
    practice_focus = r.Focus(
        organisation=r.Organisation(pk=9, name="Bridge Street Surgery", type="gp_practice"),
        interventions={LINK_WORKERS: ("Link workers", "in your plan")},
        yours="your plan",
    )
    [s] = r.rank_organisations(practice_focus, [adoption(PCN, LINK_WORKERS)])
    assert s.why[-1] == "Also works in primary care"


def test_similar_size_needs_both_sizes_and_is_within_half_to_double():
    assert r.similar_size(MINE, TRUST)
    assert not r.similar_size(MINE, BIG_TRUST)
    assert not r.similar_size(MINE, PCN)
    assert r.listing(["a"]) == "a" and r.listing(["a", "b", "c"]) == "a, b and c"
