"""Learning from each other in a browser: Sam, at Trust B, reads Erin's published case study and,
in a browser without JavaScript, follows it and asks a question (an empty one first); Erin, its
author, is emailed and answers, marked as its author; Rita, a reviewer at the region, hides the
question with a reason; Sam no longer sees it. Every page is checked with axe."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import PASSWORD, Journey, assert_accessible, sign_in

ERIN = "erin@example.nhs.uk"
RITA = "rita@example.nhs.uk"
SAM = "sam@example.nhs.uk"
TITLE = "Preceptorship that kept our new nurses"
QUESTION = "How did you keep the learning time protected on busy wards?"
ANSWER = "We put it on the rota before anything else and the ward manager signed it off."
# A button's words for a screen reader: what it shows, then its visually hidden ": what it is
# about". That hidden span is positioned (a block), so the name has a space before the colon.
FOLLOW = f"Follow : {TITLE}"
STOP_FOLLOWING = f"Stop following : {TITLE}"


@pytest.fixture
def published(transactional_db, settings):
    from tests.factories import hierarchy, member
    from tests.factories.learning import case_study

    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    orgs = hierarchy()
    erin = member(orgs["trust_a"], "contributor", full_name="Erin Editor", email=ERIN)
    rita = member(orgs["region"], "viewer", full_name="Rita Reviewer", email=RITA)
    member(orgs["trust_b"], "contributor", full_name="Sam Reader", email=SAM)
    return case_study(orgs["trust_a"], author=erin, reviewer=rita, title=TITLE, status="published", visibility="region")


class TestAskingAnsweringAndModerating(Journey):
    def test_ask_answer_and_hide(self, published, mailoutbox):
        self.given_sam_reads_the_case_study_without_javascript(published)
        self.when_he_follows_it()
        self.and_he_asks_an_empty_question()
        self.then_he_is_asked_to_enter_it()
        self.when_he_asks_his_question()
        self.then_erin_gets_an_email(mailoutbox)
        self.when_erin_answers_it(published)
        self.then_the_thread_shows_her_as_the_author()
        self.when_rita_hides_the_question(published)
        self.then_sam_no_longer_sees_it()

    # ---------------------------------------------------------------- steps

    def given_sam_reads_the_case_study_without_javascript(self, cs):
        self.sam = self.new_browser(java_script_enabled=False)
        sign_in(self.sam, self.live_server, SAM, PASSWORD)
        self.sam.goto(self.url(f"/learning/case-studies/{cs.pk}/"))
        expect(self.sam.get_by_role("heading", level=1)).to_have_text(TITLE)
        expect(self.sam.get_by_role("heading", name="Questions and answers")).to_be_visible()
        expect(self.sam.get_by_text("No questions yet.")).to_be_visible()
        assert_accessible(self.sam)

    def when_he_follows_it(self):
        self.sam.get_by_role("button", name=FOLLOW).click()
        expect(self.sam.get_by_text("You follow it now")).to_be_visible()
        expect(self.sam.get_by_role("button", name=STOP_FOLLOWING)).to_be_visible()
        assert_accessible(self.sam)

    def and_he_asks_an_empty_question(self):
        self.sam.get_by_role("button", name="Ask your question").click()

    def then_he_is_asked_to_enter_it(self):
        expect(self.sam.locator(".nhsuk-error-summary")).to_contain_text("Enter your question")
        expect(self.sam.get_by_role("heading", level=1)).to_have_text("Ask a question")
        assert_accessible(self.sam)

    def when_he_asks_his_question(self):
        self.sam.get_by_label("Your question").fill(QUESTION)
        self.sam.get_by_role("button", name="Ask your question").click()
        expect(self.sam.get_by_text("Your question was added")).to_be_visible()
        expect(self.sam.get_by_role("heading", name="Question from Sam Reader")).to_be_visible()
        expect(self.sam.get_by_text(QUESTION)).to_be_visible()
        assert_accessible(self.sam)

    def then_erin_gets_an_email(self, mailoutbox):
        assert [m.to for m in mailoutbox] == [[ERIN]]
        assert QUESTION in mailoutbox[0].body

    def when_erin_answers_it(self, cs):
        self.sign_in_as(ERIN)
        self.visit(f"/learning/case-studies/{cs.pk}/")
        self.page.get_by_role("link", name="Answer this question from Sam Reader").click()
        expect(self.page.get_by_role("heading", level=1)).to_have_text("Answer a question")
        assert_accessible(self.page)
        self.page.get_by_label("Your answer").fill(ANSWER)
        self.page.get_by_role("button", name="Add your answer").click()

    def then_the_thread_shows_her_as_the_author(self):
        expect(self.page.get_by_text("Your answer was added")).to_be_visible()
        answer = self.page.locator(".nhsuk-inset-text", has_text=ANSWER)
        expect(answer.get_by_role("heading", name="Answer from Erin Editor")).to_be_visible()
        expect(answer.get_by_text("Author, Trust A")).to_be_visible()
        assert_accessible(self.page)

    def when_rita_hides_the_question(self, cs):
        rita = self.second_browser(RITA)
        rita.goto(self.url(f"/learning/case-studies/{cs.pk}/"))
        rita.get_by_role("link", name="Hide the question from Sam Reader").click()
        expect(rita.get_by_role("heading", level=1)).to_have_text("Hide a question")
        assert_accessible(rita)
        rita.get_by_label("Why are you hiding it?").fill("It names a member of staff")
        rita.get_by_role("button", name="Hide it").click()
        expect(rita.get_by_text("Hidden by a moderator: It names a member of staff")).to_be_visible()
        expect(rita.get_by_role("button", name="Show again : question from Sam Reader")).to_be_visible()
        assert_accessible(rita)

    def then_sam_no_longer_sees_it(self):
        self.sam.reload()
        expect(self.sam.get_by_text(QUESTION)).to_have_count(0)
        expect(self.sam.get_by_text("It names a member of staff")).to_have_count(0)
        expect(self.sam.get_by_text("No questions yet.")).to_be_visible()
        assert_accessible(self.sam)
