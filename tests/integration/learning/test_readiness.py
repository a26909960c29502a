"""Readiness to adopt: saving an assessment (every factor rated, bad input saves nothing, one
audit row), its result ranked by what needs most action, turning a factor into an action in a
plan, bookmarks, comparing two assessments of the same subject, and who may open each page
(another ICS's people get 404). The assessments belong to PCN A (Test Region > ICS A > PCN A)."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from lodestar.core.models import AuditEvent
from lodestar.core.validation import ValidationProblem
from lodestar.learning import actions_readiness as actions
from lodestar.learning import readiness
from lodestar.learning.models import ReadinessAssessment, ReadinessRating
from lodestar.plans.models import Action
from tests.factories.plans import ActionPlanFactory
from tests.factories.star import InterventionFactory, star_points

pytestmark = pytest.mark.django_db


def _ratings(**overrides) -> dict[str, tuple[str, str]]:
    out = {
        k: (readiness.SIMPLE if f.kind == readiness.DOMAIN else readiness.HELP, "")
        for k, f in readiness.FACTORS.items()
    }
    out.update(overrides)
    return out


def _post_data(world, **overrides) -> dict:
    data = {"organisation": world["orgs"]["pcn_a"].pk, "title": "Readiness for preceptorship"}
    for key, (rating, note) in _ratings().items():
        data[f"rating_{key}"] = rating
        data[f"note_{key}"] = note
    data.update(overrides)
    return data


def _save(world, person="editor", **ratings):
    return actions.save_assessment(
        actor=world["people"][person],
        organisation=world["orgs"]["pcn_a"],
        title="Readiness for preceptorship",
        ratings=_ratings(**ratings),
    )


# ------------------------------------------------------------------------------ actions


def test_saving_keeps_every_rating_and_records_one_audit_row(world):
    a = _save(world, wider_system=(readiness.COMPLEX, "Commissioners unsure"))
    assert ReadinessRating.objects.filter(assessment=a).count() == 12
    assert a.ratings.get(factor="wider_system").note == "Commissioners unsure"
    [event] = AuditEvent.objects.filter(action="learning.readiness.save")
    assert event.organisation == world["orgs"]["pcn_a"]
    assert event.after["ratings"]["wider_system"] == ["complex", "Commissioners unsure"]


@pytest.mark.parametrize(
    ("title", "ratings", "field", "words"),
    [
        ("", _ratings(), "title", "Enter a title"),
        ("x" * 201, _ratings(), "title", "200 characters"),
        ("T", {k: v for k, v in _ratings().items() if k != "embedding"}, "embedding", "or choose not sure"),
        ("T", _ratings(compatibility=("complex", "")), "compatibility", "“complex” is not a rating for compatibility"),
        ("T", {**_ratings(), "luck": ("simple", "")}, "ratings", "no readiness factor called luck"),
        ("T", _ratings(condition=("simple", "x" * 5001)), "condition_note", "5,000 characters"),
    ],
)
def test_bad_input_names_the_field_and_saves_nothing(world, title, ratings, field, words):
    with pytest.raises(ValidationProblem) as caught:
        actions.save_assessment(
            actor=world["people"]["editor"], organisation=world["orgs"]["pcn_a"], title=title, ratings=ratings
        )
    assert caught.value.field == field and words in caught.value.message
    assert (
        not ReadinessAssessment.objects.exists()
        and not AuditEvent.objects.filter(action__startswith="learning.readiness").exists()
    )


def test_only_contributors_at_the_organisation_save(world):
    with pytest.raises(PermissionDenied):
        _save(world, person="owner_viewer")
    assert not ReadinessAssessment.objects.exists()


def test_a_factor_becomes_an_action_in_the_plan(world):
    points = star_points()
    intervention = InterventionFactory(point=points["supply"], title="Preceptorship")
    a = actions.save_assessment(
        actor=world["people"]["editor"],
        organisation=world["orgs"]["pcn_a"],
        title="Preceptorship readiness",
        intervention=intervention,
        ratings=_ratings(organisation=(readiness.COMPLEX, "No educator time")),
    )
    plan = ActionPlanFactory(organisation=world["orgs"]["pcn_a"])
    action = actions.turn_factor_into_action(
        actor=world["people"]["editor"], assessment=a, factor="organisation", plan=plan
    )
    assert action.plan == plan and action.title == "Readiness: The organisation"
    assert "No educator time" in action.description and "senior sponsor" in action.description
    assert action.point == points["supply"] and action.intervention == intervention
    assert Action.objects.filter(plan=plan).count() == 1


def test_a_plan_the_person_cannot_edit_is_refused(world):
    star_points()
    a = _save(world, condition=(readiness.COMPLEX, ""))
    other_plan = ActionPlanFactory(organisation=world["orgs"]["trust_b"])
    with pytest.raises(PermissionDenied):
        actions.turn_factor_into_action(
            actor=world["people"]["editor"], assessment=a, factor="condition", plan=other_plan
        )
    assert not Action.objects.exists()


def test_without_an_intervention_the_star_point_must_be_chosen(world):
    a = _save(world, condition=(readiness.COMPLEX, ""))
    plan = ActionPlanFactory(organisation=world["orgs"]["pcn_a"])
    with pytest.raises(ValidationProblem) as caught:
        actions.turn_factor_into_action(actor=world["people"]["editor"], assessment=a, factor="condition", plan=plan)
    assert caught.value.field == "point"
    assert not Action.objects.exists()


# -------------------------------------------------------------------------------- pages


def test_the_form_saves_and_shows_the_ranked_result(client, world):
    client.force_login(world["people"]["editor"])
    response = client.post(
        reverse("learning:readiness-start"),
        _post_data(
            world,
            rating_adopters="complicated",
            rating_value_proposition="complex",
            rating_trialability="strong_barrier",
        ),
    )
    a = ReadinessAssessment.objects.get()
    assert response["Location"] == reverse("learning:readiness-result", args=[a.pk])
    page = client.get(response["Location"]).text
    needs = page.split('id="needs"')[1].split('id="all"')[0]
    assert needs.index("The value proposition") < needs.index("The adopters") < needs.index("Trialability")
    assert "Add to an action plan" not in needs and "you need to be able to edit" in needs  # no plan yet
    assert "Copy the link" in page and reverse("learning:readiness-result", args=[a.pk]) in page


def test_the_form_with_a_missing_rating_shows_the_error_and_saves_nothing(client, world):
    client.force_login(world["people"]["editor"])
    response = client.post(reverse("learning:readiness-start"), _post_data(world, rating_trialability="", title=""))
    assert response.status_code == 200 and "There is a problem" in response.text
    assert "Choose a rating for trialability, or choose not sure" in response.text
    assert "Enter a title for the assessment" in response.text
    assert not ReadinessAssessment.objects.exists()


def test_a_made_up_rating_from_the_form_is_named(client, world):
    client.force_login(world["people"]["editor"])
    response = client.post(reverse("learning:readiness-start"), _post_data(world, rating_condition="terrible"))
    assert "“terrible” is not a rating for the condition or need" in response.text
    assert not ReadinessAssessment.objects.exists()


def test_add_to_an_action_plan_from_the_result_page(client, world):
    star_points()
    a = _save(world, embedding=(readiness.COMPLEX, "Money ends in March"))
    plan = ActionPlanFactory(organisation=world["orgs"]["pcn_a"], title="Our workforce plan")
    client.force_login(world["people"]["editor"])
    page = client.get(reverse("learning:readiness-result", args=[a.pk])).text
    assert "Our workforce plan" in page and "Add to an action plan" in page
    response = client.post(
        reverse("learning:readiness-action", args=[a.pk, "embedding"]), {"plan": plan.pk, "point": "supply"}
    )
    action = Action.objects.get(plan=plan)
    assert response["Location"] == reverse("plans:action", args=[action.pk])
    assert "Money ends in March" in action.description


def test_bookmarks_show_on_the_list(client, world):
    a = _save(world)
    viewer = world["people"]["ics_viewer"]
    client.force_login(viewer)
    client.post(reverse("learning:readiness-bookmark", args=[a.pk]))
    assert a.bookmarked_by.filter(pk=viewer.pk).exists()
    page = client.get(reverse("learning:readiness")).text
    assert 'id="bookmarks"' in page and "Readiness for preceptorship" in page
    client.post(reverse("learning:readiness-bookmark", args=[a.pk]), {"remove": "1"})
    assert not a.bookmarked_by.exists()


def test_compare_two_assessments_of_the_same_subject(client, world):
    then = _save(world, organisation=(readiness.COMPLEX, ""), trialability=(readiness.HELP, ""))
    now = _save(world, organisation=(readiness.COMPLICATED, ""), trialability=(readiness.BARRIER, ""))
    client.force_login(world["people"]["editor"])
    result = client.get(reverse("learning:readiness-result", args=[now.pk])).text
    assert reverse("learning:readiness-compare", args=[now.pk, then.pk]) in result
    page = client.get(reverse("learning:readiness-compare", args=[now.pk, then.pk])).text
    table = page.split('id="compare"')[1]
    row = table.split("The organisation</th>")[1].split("</tr>")[0]
    assert "Complex" in row and "Complicated" in row and "Better" in row
    assert "Worse" in table.split("Trialability</th>")[1].split("</tr>")[0]


def test_compare_with_a_different_subject_is_not_found(client, world):
    a = _save(world)
    b = actions.save_assessment(
        actor=world["people"]["editor"], organisation=world["orgs"]["pcn_a"], title="Something else", ratings=_ratings()
    )
    client.force_login(world["people"]["editor"])
    assert client.get(reverse("learning:readiness-compare", args=[a.pk, b.pk])).status_code == 404


def test_delete_records_an_audit_row(client, world):
    a = _save(world)
    client.force_login(world["people"]["editor"])
    confirm = client.get(reverse("learning:readiness-delete", args=[a.pk]))
    assert "Delete this readiness assessment?" in confirm.text and ReadinessAssessment.objects.exists()
    client.post(reverse("learning:readiness-delete", args=[a.pk]))
    assert not ReadinessAssessment.objects.exists()
    assert AuditEvent.objects.filter(action="learning.readiness.delete").count() == 1


# ------------------------------------------------------------------------------- access

IN_REACH = {"editor", "owner_viewer", "ics_facilitator", "ics_viewer", "reviewer", "platform"}
OUT_OF_REACH = {"sibling", "other_ics", "other_region", "other_reviewer"}


@pytest.mark.parametrize("person", sorted(IN_REACH | OUT_OF_REACH))
def test_who_opens_an_assessment(client, world, person):
    a = _save(world)
    other = _save(world)
    client.force_login(world["people"][person])
    urls = [
        reverse("learning:readiness-result", args=[a.pk]),
        reverse("learning:readiness-compare", args=[a.pk, other.pk]),
    ]
    expected = 200 if person in IN_REACH else 404
    assert [client.get(u).status_code for u in urls] == [expected, expected]
    posts = [
        reverse("learning:readiness-bookmark", args=[a.pk]),
        reverse("learning:readiness-action", args=[a.pk, "condition"]),
    ]
    if person in OUT_OF_REACH:
        assert [client.post(u).status_code for u in posts] == [404, 404]
        assert client.post(reverse("learning:readiness-delete", args=[a.pk])).status_code == 404
        assert client.get(reverse("learning:readiness-delete", args=[a.pk])).status_code == 404
        assert "Readiness for preceptorship" not in client.get(reverse("learning:readiness")).text
        assert ReadinessAssessment.objects.filter(pk=a.pk).exists()


def test_a_viewer_cannot_delete(client, world):
    a = _save(world)
    client.force_login(world["people"]["owner_viewer"])
    assert client.post(reverse("learning:readiness-delete", args=[a.pk])).status_code == 404
    assert ReadinessAssessment.objects.filter(pk=a.pk).exists()


def test_the_intervention_and_a_published_case_study_link_to_the_assessment(client, world):
    from lodestar.learning.models import Status
    from tests.factories.learning import case_study

    points = star_points()
    intervention = InterventionFactory(point=points["supply"], code="supply-rotation", title="Rotation")
    cs = case_study(world["orgs"]["pcn_a"], status=Status.PUBLISHED, visibility="region")
    client.force_login(world["people"]["editor"])
    star_page = client.get(reverse("star:detail", args=[intervention.code])).text
    assert f"{reverse('learning:readiness-start')}?intervention=supply-rotation" in star_page
    cs_page = client.get(reverse("learning:detail", args=[cs.pk])).text
    assert f"{reverse('learning:readiness-start')}?case_study={cs.pk}" in cs_page
    form = client.get(reverse("learning:readiness-start"), {"case_study": cs.pk}).text
    assert f'value="Readiness to adopt {cs.title}"' in form
    client.post(reverse("learning:readiness-start"), _post_data(world, case_study=cs.pk))
    assert ReadinessAssessment.objects.get().case_study == cs


def test_a_case_study_out_of_reach_is_not_attached(client, world):
    from tests.factories.learning import case_study

    hidden = case_study(world["orgs"]["trust_b"])  # a draft in another ICS
    client.force_login(world["people"]["editor"])
    client.post(reverse("learning:readiness-start"), _post_data(world, case_study=hidden.pk))
    assert ReadinessAssessment.objects.get().case_study is None


def test_a_contributor_elsewhere_cannot_assess_an_organisation_out_of_reach(client, world):
    client.force_login(world["people"]["other_ics"])
    response = client.post(reverse("learning:readiness-start"), _post_data(world))
    assert response.status_code == 200 and "Choose an organisation from the list" in response.text
    assert not ReadinessAssessment.objects.exists()


def test_people_who_contribute_nowhere_cannot_start(client, world):
    client.force_login(world["people"]["owner_viewer"])
    assert client.get(reverse("learning:readiness-start")).status_code == 403
    assert client.get(reverse("learning:readiness")).status_code == 200
