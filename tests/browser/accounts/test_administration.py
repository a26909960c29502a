"""An organisation admin's housekeeping in the browser: members beneath, sending an invitation
again and withdrawing one, the audit log by date and as CSV; and a person changing their own
name and job title. axe-core checks every page."""

import re
from pathlib import Path

import pytest
from django.core import mail
from playwright.sync_api import expect

from tests.browser.conftest import Journey, assert_accessible, fill_date
from tests.factories import hierarchy, member
from tests.factories.accounts import invitation

pytestmark = pytest.mark.django_db(transaction=True)


class TestAdministration(Journey):
    def test_an_admin_looks_after_members_invitations_and_the_audit_log(self):
        self.given_ines_the_ics_admin_has_signed_in()
        self.when_she_lists_members_including_organisations_beneath()
        self.then_people_at_trust_a_are_listed_with_their_organisation()
        self.when_she_sends_an_invitation_again()
        self.then_a_new_link_is_emailed()
        self.when_she_withdraws_the_other_invitation()
        self.then_it_is_no_longer_waiting()
        self.when_she_filters_the_audit_log_by_a_backwards_date_range()
        self.then_the_dates_are_refused()
        self.when_she_filters_it_from_today()
        self.then_the_events_read_in_plain_english()

    def test_a_person_changes_their_name_and_job_title(self):
        self.given_tara_has_signed_in()
        self.when_she_clears_her_name_on_her_profile()
        self.then_she_is_asked_for_it()
        self.when_she_gives_her_new_name_and_job_title()
        self.then_her_profile_shows_them()

    # ------------------------------------------------------------------ steps

    def given_ines_the_ics_admin_has_signed_in(self):
        self.orgs = hierarchy()
        admin = member(self.orgs["ics_a"], "org_admin", full_name="Ines ICS", email="ines@example.nhs.uk")
        member(self.orgs["trust_a"], "contributor", full_name="Tara Trust")
        self.resent, _ = invitation(self.orgs["ics_a"], email="again@example.nhs.uk", invited_by=admin)
        invitation(self.orgs["ics_a"], email="withdrawn@example.nhs.uk", invited_by=admin)
        self.sign_in_as("ines@example.nhs.uk")

    def when_she_lists_members_including_organisations_beneath(self):
        self.visit(f"/organisations/{self.orgs['ics_a'].pk}/members/")
        expect(self.page.get_by_role("heading", level=1, name="Members")).to_be_visible()
        assert_accessible(self.page)
        self.page.get_by_label("Include organisations beneath ICS A").check()
        self.page.get_by_role("button", name="Show members").click()

    def then_people_at_trust_a_are_listed_with_their_organisation(self):
        table = self.page.get_by_role("table", name=re.compile("Members of ICS A"))
        expect(table).to_contain_text("Tara Trust")
        expect(table).to_contain_text("Trust A")
        expect(self.page.get_by_label("Include organisations beneath ICS A")).to_be_checked()
        assert_accessible(self.page)

    def when_she_sends_an_invitation_again(self):
        self.page.get_by_role("link", name="Send again to again@example.nhs.uk").click()
        expect(self.page.get_by_role("heading", level=1)).to_have_text(
            "Send the invitation again to again@example.nhs.uk"
        )
        assert_accessible(self.page)
        self.page.get_by_role("button", name="Send it again").click()

    def then_a_new_link_is_emailed(self):
        expect(self.page.get_by_text("A new invitation has been sent to again@example.nhs.uk")).to_be_visible()
        assert_accessible(self.page)
        assert [m.to for m in mail.outbox][-1] == ["again@example.nhs.uk"]

    def when_she_withdraws_the_other_invitation(self):
        self.page.get_by_role("link", name="Withdraw the invitation for withdrawn@example.nhs.uk").click()
        assert_accessible(self.page)
        self.page.get_by_role("button", name="Withdraw the invitation").click()

    def then_it_is_no_longer_waiting(self):
        expect(self.page.get_by_text("The invitation for withdrawn@example.nhs.uk has been withdrawn")).to_be_visible()
        expect(self.page.get_by_role("link", name=re.compile("withdrawn@example.nhs.uk"))).to_have_count(0)
        assert_accessible(self.page)

    def when_she_filters_the_audit_log_by_a_backwards_date_range(self):
        self.visit(f"/organisations/{self.orgs['ics_a'].pk}/audit/")
        assert_accessible(self.page)
        fill_date(self.page, "From (optional)", "31", "12", "2026")
        fill_date(self.page, "To (optional)", "1", "12", "2026")
        self.page.get_by_role("button", name="Filter").click()

    def then_the_dates_are_refused(self):
        expect(self.page.get_by_role("alert")).to_contain_text(
            "The 'to' date must be the same as or after the 'from' date"
        )
        assert_accessible(self.page)

    def when_she_filters_it_from_today(self):
        from django.utils import timezone

        today = timezone.localdate()
        fill_date(self.page, "From (optional)", str(today.day), str(today.month), str(today.year))
        fill_date(self.page, "To (optional)", "", "", "")
        self.page.get_by_role("button", name="Filter").click()

    def then_the_events_read_in_plain_english(self):
        expect(
            self.page.get_by_role("heading", name="Invitation withdrawn: Invitation for withdrawn@example.nhs.uk")
        ).to_be_visible()
        expect(self.page.get_by_role("heading", name=re.compile("Invitation sent again"))).to_be_visible()
        expect(self.page.get_by_text(re.compile(r"on \d{1,2} \w+ \d{4} at \d\d:\d\d")).first).to_be_visible()
        assert_accessible(self.page)
        with self.page.expect_download() as download:
            self.page.get_by_role("link", name=re.compile("Download these events")).click()
        text = Path(download.value.path()).read_text(encoding="utf-8-sig")
        assert text.startswith("When,Who,What happened,Item,Organisation,Field,Before,After")
        assert "Invitation withdrawn" in text

    def given_tara_has_signed_in(self):
        orgs = hierarchy()
        member(orgs["trust_a"], "contributor", full_name="Tara Trust", email="tara@example.nhs.uk")
        self.sign_in_as("tara@example.nhs.uk")

    def when_she_clears_her_name_on_her_profile(self):
        self.visit("/account/profile/")
        assert_accessible(self.page)
        self.page.get_by_role("link", name="Change name").click()
        assert_accessible(self.page)
        self.page.get_by_label("Full name").fill("")
        self.page.get_by_role("button", name="Save").click()

    def then_she_is_asked_for_it(self):
        expect(self.page.get_by_role("alert")).to_contain_text("Enter your full name")
        assert_accessible(self.page)

    def when_she_gives_her_new_name_and_job_title(self):
        self.page.get_by_label("Full name").fill("Tara Okafor")
        self.page.get_by_label("Job title (optional)").fill("Ward manager")
        self.page.get_by_role("button", name="Save").click()

    def then_her_profile_shows_them(self):
        expect(self.page.get_by_text("Your name and job title have been saved")).to_be_visible()
        expect(self.page.get_by_text("Tara Okafor").first).to_be_visible()
        expect(self.page.get_by_text("Ward manager")).to_be_visible()
        assert_accessible(self.page)
