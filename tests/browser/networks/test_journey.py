"""Networks in a browser: Cal, who manages a care home in ICS B, finds the nursing associates
network hosted by Trust A in ICS A and asks to join; Cora, its coordinator, accepts him and adds
an event; Cal starts a discussion, Cora replies (Cal gets an email), Cal signs up to the event
and downloads it for his calendar. Val, at a carers' charity, asks to join without JavaScript.
Every page is checked with axe."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import Journey, assert_accessible, fill_date, sign_in
from tests.factories import PASSWORD

CORA = "cora@example.nhs.uk"
CAL = "cal@example.org"
VAL = "val@example.org"
NAME = "Nursing associates community of practice"


@pytest.fixture
def people(transactional_db, settings, tmp_path):
    from lodestar.orgs.models import OrganisationType
    from tests.factories import OrganisationFactory, hierarchy, member
    from tests.factories.networks import network

    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.MEDIA_ROOT = tmp_path / "media"
    orgs = hierarchy()
    care_home = OrganisationFactory(
        name="Elm House Care Home", type=OrganisationType.CARE_PROVIDER, parent=orgs["ics_b"]
    )
    charity = OrganisationFactory(name="Carers Together", type=OrganisationType.VOLUNTARY, parent=orgs["ics_b"])
    cora = member(orgs["trust_a"], "facilitator", full_name="Cora Coordinator", email=CORA)
    network(orgs["trust_a"], coordinator=cora, visibility="region")
    return {
        "cora": cora,
        "cal": member(care_home, "viewer", full_name="Cal Carer", email=CAL),
        "val": member(charity, "viewer", full_name="Val Volunteer", email=VAL),
    }


class TestJoiningANetworkAcrossSectors(Journey):
    def test_find_ask_accept_post_sign_up_and_download(self, people, mailoutbox):
        self.given_cal_searches_for_a_network()
        self.when_he_asks_to_join()
        self.then_he_sees_only_the_description_until_accepted()
        self.when_cora_accepts_him_and_adds_an_event()
        self.and_cal_starts_a_discussion()
        self.when_cora_replies()
        self.then_cal_gets_an_email_about_the_reply(mailoutbox)
        self.when_cal_signs_up_to_the_event()
        self.then_he_downloads_it_for_his_calendar()
        self.and_val_asks_to_join_without_javascript()

    # ---------------------------------------------------------------- steps

    def given_cal_searches_for_a_network(self):
        page = self.page
        self.sign_in_as(CAL)
        self.visit("/networks/")
        expect(page.get_by_role("heading", level=1)).to_have_text("Networks")
        assert_accessible(page)
        page.get_by_label("Search by words").fill("nursing associates")
        page.get_by_role("button", name="Search").click()
        expect(page.locator("#results-count")).to_have_text("1 network match your search")
        page.get_by_role("link", name=NAME).click()
        expect(page.get_by_role("heading", level=1)).to_have_text(NAME)
        assert_accessible(page)

    def when_he_asks_to_join(self):
        page = self.page
        page.get_by_label("Why you would like to join (optional)").fill("Our nurses supervise two nursing associates")
        page.get_by_role("button", name="Ask to join").click()
        expect(page.locator(".nhsuk-inset-text, [role=alert], .nhsuk-notification-banner").first).to_be_visible()
        expect(page.locator("#your-place")).to_contain_text("You have asked to join")
        assert_accessible(page)

    def then_he_sees_only_the_description_until_accepted(self):
        expect(self.page.get_by_text("Only members can see this network's discussions")).to_be_visible()
        expect(self.page.get_by_role("heading", name="Discussions")).to_have_count(0)

    def when_cora_accepts_him_and_adds_an_event(self):
        cora = self.second_browser(CORA)
        cora.goto(self.url("/networks/"))
        cora.get_by_role("link", name=NAME).first.click()
        expect(cora.get_by_text("1 request to join")).to_be_visible()
        cora.get_by_role("link", name="Accept or decline requests").click()
        expect(cora.get_by_role("cell", name="Our nurses supervise two nursing associates")).to_be_visible()
        assert_accessible(cora)
        cora.get_by_role("button", name="Accept Cal Carer").click()
        expect(cora.get_by_text("Cal Carer is now a member")).to_be_visible()
        expect(cora.get_by_role("cell", name="Social care")).to_be_visible()
        assert_accessible(cora)
        cora.get_by_role("link", name=NAME).last.click()
        cora.get_by_role("link", name="Add an event").click()
        cora.get_by_label("Title").fill("Quarterly meeting")
        day = datetime.date.today() + datetime.timedelta(days=14)
        fill_date(cora, "Date", str(day.day), str(day.month), str(day.year))
        cora.get_by_label("Start time").fill("10:00")
        cora.get_by_label("End time").fill("12:00")
        cora.get_by_label("Online link (optional if in person)").fill("http://meet.example.org")
        cora.get_by_role("button", name="Add the event").click()
        expect(cora.locator(".nhsuk-error-summary")).to_contain_text("starting with https://")
        assert_accessible(cora)
        cora.get_by_label("Online link (optional if in person)").fill("https://meet.example.org/cop")
        cora.get_by_label("Number of places (optional)").fill("30")
        cora.get_by_role("button", name="Add the event").click()
        expect(cora.get_by_role("heading", level=1)).to_have_text("Quarterly meeting")
        assert_accessible(cora)
        self.cora = cora

    def and_cal_starts_a_discussion(self):
        page = self.page
        page.reload()
        expect(page.locator("#your-place")).to_contain_text("You are a member of this network.")
        page.get_by_role("link", name="Start a discussion").click()
        page.get_by_role("button", name="Post").click()
        expect(page.locator(".nhsuk-error-summary")).to_contain_text("Enter a title for the discussion")
        assert_accessible(page)
        page.get_by_label("Title").fill("Supervising nursing associates at night")
        page.get_by_label("Your message").fill("How do others guarantee a named supervisor on every night shift?")
        page.get_by_role("button", name="Post").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Supervising nursing associates at night")
        assert_accessible(page)

    def when_cora_replies(self):
        cora = self.cora
        cora.goto(self.url("/networks/"))
        cora.get_by_role("link", name=NAME).first.click()
        cora.get_by_role("link", name="Supervising nursing associates at night").click()
        cora.get_by_label("Your reply").fill("We pair wards so a nurse next door is the named supervisor.")
        cora.get_by_role("button", name="Post reply").click()
        expect(cora.get_by_text("We pair wards so a nurse next door")).to_be_visible()
        assert_accessible(cora)

    def then_cal_gets_an_email_about_the_reply(self, mailoutbox):
        [email] = [m for m in mailoutbox if m.to == [CAL]]
        assert email.subject == "New reply in Supervising nursing associates at night"
        assert "We pair wards" in email.body

    def when_cal_signs_up_to_the_event(self):
        page = self.page
        page.get_by_role("link", name=NAME).last.click()
        page.get_by_role("link", name="Quarterly meeting").click()
        expect(page.get_by_text("30 places left of 30")).to_be_visible()
        page.get_by_role("button", name="Sign up").click()
        expect(page.locator("#your-place")).to_have_text("You have a place at this event.")
        expect(page.get_by_text("29 places left of 30")).to_be_visible()
        assert_accessible(page)

    def then_he_downloads_it_for_his_calendar(self):
        with self.page.expect_download() as download_info:
            self.page.get_by_role("link", name="Add to your calendar (.ics file)").click()
        download = download_info.value
        assert download.suggested_filename.endswith(".ics")
        content = Path(download.path()).read_bytes()
        assert content.startswith(b"BEGIN:VCALENDAR\r\n") and b"SUMMARY:Quarterly meeting\r\n" in content

    def and_val_asks_to_join_without_javascript(self):
        val = self.new_browser(java_script_enabled=False)
        sign_in(val, self.live_server, VAL, PASSWORD)
        val.goto(self.url("/networks/?sector=social_care"))
        val.get_by_role("link", name=NAME).click()
        val.get_by_role("button", name="Ask to join").click()
        expect(val.locator("#your-place")).to_contain_text("You have asked to join")
        assert_accessible(val)


class TestCorrectingWhatWasShared(Journey):
    """Cora shares the meeting notes with the network, sees she chose the wrong file and removes it,
    confirming first; then moves the quarterly meeting to the afternoon."""

    def test_share_then_remove_after_confirming(self, people):
        page = self.page
        self.sign_in_as(CORA)
        self.visit("/networks/")
        page.get_by_role("link", name=NAME).first.click()
        page.get_by_role("link", name="Share a file").click()
        page.get_by_label("Title").fill("Meeting notes")
        page.get_by_label("File").set_input_files(
            {"name": "notes.txt", "mimeType": "text/plain", "buffer": b"Notes from the meeting\n"}
        )
        page.get_by_role("button", name="Share").click()
        expect(page.get_by_role("link", name="Meeting notes", exact=True)).to_be_visible()
        assert_accessible(page)

        page.get_by_role("link", name="Remove Meeting notes").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Remove a resource")
        expect(page.get_by_text("The file is deleted and cannot be got back.")).to_be_visible()
        assert_accessible(page)
        page.get_by_role("button", name="Remove").click()
        expect(page.get_by_text("Removed: Meeting notes")).to_be_visible()
        expect(page.get_by_text("No resources shared yet.")).to_be_visible()
        assert_accessible(page)

    def test_move_an_event_to_another_time(self, people):
        from django.utils import timezone

        from lodestar.networks import actions_content
        from lodestar.networks.models import Network

        day = timezone.localdate() + datetime.timedelta(days=14)
        start = timezone.make_aware(datetime.datetime.combine(day, datetime.time(10)))  # 10:00 UK time
        actions_content.add_event(
            actor=people["cora"],
            network=Network.objects.get(),
            title="Quarterly meeting",
            starts_at=start,
            ends_at=start + datetime.timedelta(hours=2),
            place="Room 1",
        )
        page = self.page
        self.sign_in_as(CORA)
        self.visit("/networks/")
        page.get_by_role("link", name=NAME).first.click()
        page.get_by_role("link", name="Quarterly meeting").click()
        page.get_by_role("link", name="Change the event").click()
        expect(page.get_by_label("Start time")).to_have_value("10:00")
        assert_accessible(page)
        page.get_by_label("End time").fill("09:00")
        page.get_by_role("button", name="Save changes").click()
        expect(page.locator(".nhsuk-error-summary")).to_contain_text("The event must end after it starts")
        assert_accessible(page)
        page.get_by_label("Start time").fill("14:00")
        page.get_by_label("End time").fill("16:00")
        page.get_by_role("button", name="Save changes").click()
        expect(page.get_by_text("Event changed")).to_be_visible()
        expect(page.get_by_text("14:00 to 16:00")).to_be_visible()
        assert_accessible(page)
