"""An ICS viewer reads staff in post: the chart (an image named by its title) with its figures in a
table beneath, narrowed to one staff group with the filters (a plain GET form), and Trust A's
small numbers from its own records shown as "*". axe checks every page."""

from __future__ import annotations

import datetime

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import Journey, assert_accessible
from tests.factories import PASSWORD

CHART = "Staff in post, all organisations you can see"


@pytest.fixture
def figures(transactional_db):
    from lodestar.workforce.models import Source
    from tests.factories import hierarchy, member
    from tests.factories import workforce as wf

    orgs = hierarchy()
    member(orgs["ics_a"], "viewer", full_name="Ira Viewer", email="ira@example.nhs.uk")
    published = wf.loaded_import(Source.STAFF_IN_POST)
    for month in (7, 8, 9):
        period = datetime.date(2024, month, 1)
        wf.staff_in_post(
            published,
            period=period,
            org=orgs["trust_a"],
            staff_group="Nurses & health visitors",
            fte=100.0 + month,
            headcount=120,
        )
        wf.staff_in_post(published, period=period, org=orgs["trust_a"], staff_group="Midwives", fte=40.5, headcount=44)
    own = wf.loaded_import(Source.STAFF_RECORDS, organisation=orgs["trust_a"])
    wf.staff_in_post(own, org=orgs["trust_a"], staff_group="Chaplains", age_band="55-64", fte=2.6, headcount=3)
    return orgs


@pytest.mark.usefixtures("figures")
class TestStaffInPost(Journey):
    def test_an_ics_viewer_reads_and_filters_staff_in_post(self):
        self.given_ira_the_ics_viewer_is_signed_in()
        self.when_she_opens_staff_in_post()
        self.then_she_sees_the_chart_and_its_table()
        self.when_she_shows_only_midwives()
        self.then_only_midwives_are_in_the_table()
        self.when_she_reads_trust_a_own_records()
        self.then_the_small_cohort_is_hidden()

    def given_ira_the_ics_viewer_is_signed_in(self):
        self.sign_in_as("ira@example.nhs.uk", PASSWORD)

    def when_she_opens_staff_in_post(self):
        self.visit("/workforce/figures/staff-in-post/")
        expect(self.page.get_by_role("heading", name="Staff in post", level=1)).to_be_visible()
        assert_accessible(self.page)

    def then_she_sees_the_chart_and_its_table(self):
        expect(self.page.get_by_role("img", name=CHART)).to_be_visible()
        table = self.page.get_by_role("table", name=f"{CHART}: the figures")
        expect(table.get_by_role("row", name="September 2024 Nurses & health visitors")).to_contain_text("109.0")
        expect(table.get_by_role("row", name="July 2024 Midwives")).to_contain_text("40.5")

    def when_she_shows_only_midwives(self):
        self.page.get_by_label("Staff group").select_option(label="Midwives")
        self.page.get_by_role("button", name="Apply filters").click()
        assert_accessible(self.page)

    def then_only_midwives_are_in_the_table(self):
        table = self.page.get_by_role("table", name=f"{CHART}: the figures")
        expect(table.get_by_role("row")).to_have_count(4)  # the heading and three months
        expect(table).not_to_contain_text("Nurses")
        expect(self.page.get_by_label("Staff group")).to_have_value("Midwives")

    def when_she_reads_trust_a_own_records(self):
        self.page.get_by_label("Data from").select_option(label="Organisations' own records")
        self.page.get_by_label("Staff group").select_option(label="All staff groups")
        self.page.get_by_role("button", name="Apply filters").click()
        assert_accessible(self.page)

    def then_the_small_cohort_is_hidden(self):
        row = self.page.get_by_role("table", name=f"{CHART}: the figures").get_by_role("row", name="Chaplains")
        expect(row).to_contain_text("*")
        expect(row).not_to_contain_text("3")
        expect(self.page.get_by_text("fewer than 5 people: hidden to protect their privacy")).to_be_visible()
