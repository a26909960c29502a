"""Pictures in a case study, in a browser: Erin, a contributor at PCN A's ICS, opens her draft case
study, tries a renamed program and no description (both refused, with a message), adds a real
picture with a description and sees it on the page; then, in a browser without JavaScript, she
removes it after confirming. Every page is checked with axe."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import Journey, assert_accessible, sign_in
from tests.factories import PASSWORD
from tests.integration.learning.test_images import png

ERIN = "erin@example.nhs.uk"
TITLE = "Protected learning time on the rota"
ALT = "The rota board on Ward 7, with protected learning time marked in green"


@pytest.fixture
def people(transactional_db, settings, tmp_path):
    from tests.factories import hierarchy, member
    from tests.factories.learning import case_study

    settings.MEDIA_ROOT = tmp_path / "media"
    orgs = hierarchy()
    erin = member(orgs["trust_a"], "contributor", full_name="Erin Editor", email=ERIN)
    draft = case_study(orgs["trust_a"], title=TITLE, author=erin)
    return {"erin": erin, "draft": draft, "files": tmp_path}


class TestPicturesInACaseStudy(Journey):
    def test_add_a_picture_then_remove_it_without_javascript(self, people):
        self.given_erin_opens_her_draft(people)
        self.when_she_tries_a_renamed_program_without_a_description(people)
        self.then_she_adds_a_real_picture_and_sees_it(people)
        self.and_without_javascript_she_removes_it_after_confirming(people)

    def given_erin_opens_her_draft(self, people):
        self.sign_in_as(ERIN)
        self.visit(f"/learning/case-studies/{people['draft'].pk}/")
        expect(self.page.get_by_role("heading", level=1)).to_have_text(TITLE)
        assert_accessible(self.page)

    def when_she_tries_a_renamed_program_without_a_description(self, people):
        page = self.page
        page.get_by_role("link", name="Add a picture").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Add a picture")
        assert_accessible(page)
        program = people["files"] / "board.png"
        program.write_bytes(b"MZ\x90\x00" + b"\x00" * 500)
        page.get_by_label("Picture", exact=True).set_input_files(str(program))
        page.get_by_role("button", name="Add the picture").click()
        summary = page.locator(".nhsuk-error-summary")
        expect(summary).to_contain_text("The picture must be a PNG, JPEG or GIF")
        expect(summary).to_contain_text("Describe the picture for people who cannot see it")
        assert_accessible(page)

    def then_she_adds_a_real_picture_and_sees_it(self, people):
        page = self.page
        picture = people["files"] / "ward7.png"
        picture.write_bytes(png(40, 30))
        page.get_by_label("Picture", exact=True).set_input_files(str(picture))
        page.get_by_label("Describe the picture").fill(ALT)
        page.get_by_label("Caption (optional)").fill("Ward 7, March 2025")
        page.get_by_role("button", name="Add the picture").click()
        expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
        image = page.get_by_role("img", name=ALT)
        expect(image).to_be_visible()
        assert image.evaluate("img => img.naturalWidth") == 40
        expect(page.get_by_text("Ward 7, March 2025")).to_be_visible()
        assert_accessible(page)

    def and_without_javascript_she_removes_it_after_confirming(self, people):
        page = self.new_browser(java_script_enabled=False)
        sign_in(page, self.live_server, ERIN, PASSWORD)
        page.goto(self.url(f"/learning/case-studies/{people['draft'].pk}/"))
        page.get_by_role("link", name="Remove this picture").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Remove this picture?")
        assert_accessible(page)
        page.get_by_role("button", name="Yes, remove the picture").click()
        expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
        expect(page.get_by_role("img", name=ALT)).to_have_count(0)
        expect(page.get_by_text("Picture removed")).to_be_visible()
        assert_accessible(page)
