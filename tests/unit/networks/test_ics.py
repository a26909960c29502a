"""The .ics file of a network event follows RFC 5545: CRLF lines, escaped text, lines folded at
75 octets (never inside a character), a UID, DTSTAMP and the times in UTC."""

from __future__ import annotations

import datetime
import zoneinfo

from lodestar.networks import ics

LONDON = zoneinfo.ZoneInfo("Europe/London")


def _file(**kwargs) -> bytes:
    values = {
        "uid": "abc@lodestar",
        "title": "Quarterly meeting",
        "starts_at": datetime.datetime(2027, 7, 1, 10, 0, tzinfo=LONDON),  # BST: 09:00 UTC
        "ends_at": datetime.datetime(2027, 7, 1, 12, 30, tzinfo=LONDON),
        "stamp": datetime.datetime(2027, 6, 1, 8, 0, tzinfo=datetime.UTC),
    }
    return ics.calendar(**(values | kwargs))


def _unfold(data: bytes) -> list[str]:
    return data.decode("utf-8").replace("\r\n ", "").split("\r\n")


def test_every_line_ends_with_crlf_and_no_bare_line_feed():
    data = _file(description="Line one\nLine two")
    assert data.endswith(b"\r\n")
    assert b"\n" not in data.replace(b"\r\n", b"")


def test_the_event_has_a_uid_a_stamp_and_its_times_in_utc():
    lines = _unfold(_file())
    assert lines[:6] == [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Lodestar//Networks//EN",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        "BEGIN:VEVENT",
    ]
    assert "UID:abc@lodestar" in lines
    assert "DTSTAMP:20270601T080000Z" in lines
    assert "DTSTART:20270701T090000Z" in lines  # 10:00 in London in summer
    assert "DTEND:20270701T113000Z" in lines
    assert lines[-3:] == ["END:VEVENT", "END:VCALENDAR", ""]


def test_text_escapes_backslash_semicolon_comma_and_line_breaks():
    assert ics.escape("a\\b;c,d\ne\r\nf") == "a\\\\b\\;c\\,d\\ne\\nf"
    assert "SUMMARY:Care homes\\, GPs\\; and \\\\ others" in _unfold(_file(title="Care homes, GPs; and \\ others"))


def test_long_lines_fold_at_75_octets_without_splitting_a_character():
    title = "Nursing associates: é " * 20  # two-octet characters
    data = _file(title=title)
    for line in data.split(b"\r\n"):
        assert len(line) <= 75
        line.decode("utf-8")  # each physical line is whole UTF-8
    assert f"SUMMARY:{title}" in _unfold(data)


def test_a_short_line_is_not_folded():
    assert ics.fold("SUMMARY:Short") == "SUMMARY:Short"
