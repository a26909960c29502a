"""The demo workshop's evidence pack opens with Workforce at a glance from the demo workforce
files: accessible, and readable on a phone."""

from __future__ import annotations

import pytest

from tests.browser.conftest import DEMO_FACILITATOR, DEMO_PASSWORD, Journey, assert_accessible, fits_the_screen


@pytest.fixture
def demo_workshop_with_workforce_data(demo_workshop_and_plan, settings, tmp_path):
    from lodestar.workforce import demo as workforce_demo

    settings.LODESTAR_IMPORT_DIR = tmp_path / "imports"
    workforce_demo.load()
    return demo_workshop_and_plan[0]


class TestWorkforceAtAGlance(Journey):
    def test_the_facilitator_sees_the_workforce_figures_in_the_evidence_pack(self, demo_workshop_with_workforce_data):
        self.given_the_demo_facilitator()
        self.when_they_open_the_evidence_pack(demo_workshop_with_workforce_data)
        self.then_they_see_dated_sourced_figures()
        self.and_the_page_fits_a_phone_screen()

    def given_the_demo_facilitator(self):
        self.sign_in_as(DEMO_FACILITATOR, DEMO_PASSWORD)

    def when_they_open_the_evidence_pack(self, workshop):
        self.visit(f"/workshops/{workshop.pk}/evidence/")

    def then_they_see_dated_sourced_figures(self):
        section = self.page.get_by_role("region", name="Workforce at a glance")
        rows = section.get_by_role("row")
        assert rows.filter(has_text="Staff in post (headcount)").filter(has_text="September 2026").count() == 1
        assert rows.filter(has_text="Leaver rate").filter(has_text="NHS Workforce Statistics").count() == 1
        assert rows.filter(has_text="Population aged 85 and over").count() == 1
        assert_accessible(self.page)

    def and_the_page_fits_a_phone_screen(self):
        self.page.set_viewport_size({"width": 390, "height": 800})
        self.page.reload()
        assert fits_the_screen(self.page)
