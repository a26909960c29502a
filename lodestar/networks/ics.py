"""A network event as an iCalendar file (RFC 5545), for "Add to calendar".

Lines end with CRLF; text values escape backslash, semicolon, comma and line breaks; a line
longer than 75 octets is folded (CRLF and one space), never inside a UTF-8 character; the event
has a stable UID (so a second download updates the same entry), DTSTAMP, and DTSTART and DTEND
in UTC."""

from __future__ import annotations

import datetime

LIMIT = 75  # octets per line, not counting the CRLF
PRODUCT = "-//Lodestar//Networks//EN"


def escape(text: str) -> str:
    """TEXT value escaping: \\ ; , and line breaks (CRLF, CR or LF become \\n)."""
    text = text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return text.replace("\r\n", "\\n").replace("\r", "\\n").replace("\n", "\\n")


def utc(moment: datetime.datetime) -> str:
    """20270115T093000Z: the moment in UTC."""
    return moment.astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")


def fold(line: str) -> str:
    """Split ``line`` into pieces of at most 75 octets, joined by CRLF and a space."""
    pieces, current, size = [], "", 0
    for char in line:
        width = len(char.encode("utf-8"))
        limit = LIMIT if not pieces else LIMIT - 1  # a continuation line starts with the space
        if size + width > limit:
            pieces.append(current)
            current, size = "", 0
        current += char
        size += width
    pieces.append(current)
    return "\r\n ".join(pieces)


def calendar(
    *, uid: str, title: str, starts_at, ends_at, stamp, description="", location="", url="", sequence: int = 0
) -> bytes:
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODUCT}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        "BEGIN:VEVENT",
        f"UID:{uid}",
        f"SEQUENCE:{sequence}",
        f"DTSTAMP:{utc(stamp)}",
        f"DTSTART:{utc(starts_at)}",
        f"DTEND:{utc(ends_at)}",
        f"SUMMARY:{escape(title)}",
    ]
    if description:
        lines.append(f"DESCRIPTION:{escape(description)}")
    if location:
        lines.append(f"LOCATION:{escape(location)}")
    if url:
        lines.append(f"URL:{url}")
    lines += ["END:VEVENT", "END:VCALENDAR"]
    return ("".join(fold(line) + "\r\n" for line in lines)).encode("utf-8")


def for_event(event, *, stamp, link: str = "") -> bytes:
    """The calendar file of a network event; ``link`` is the event's page."""
    where = ", ".join(p for p in [event.place, event.online_url] if p)
    about = "\n\n".join(p for p in [event.description, f"{event.network.name}: {link}" if link else ""] if p)
    return calendar(
        uid=f"{event.uid}@lodestar",
        title=event.title,
        starts_at=event.starts_at,
        ends_at=event.ends_at,
        stamp=stamp,
        description=about,
        location=where,
        url=event.online_url,
        sequence=event.sequence,
    )
