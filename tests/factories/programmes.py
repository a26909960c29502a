"""Themes and programmes for tests."""

from __future__ import annotations

import datetime

from lodestar.programmes.models import Programme, ProgrammeMilestone, Theme


def theme(organisation, name="New medical and non-medical roles", **kw) -> Theme:
    return Theme.objects.create(organisation=organisation, name=name, **kw)


def programme(organisation, *, theme_=None, name="Advanced practice across the region", partners=(), **kw) -> Programme:
    made = Programme.objects.create(
        theme=theme_ or theme(organisation), organisation=organisation, name=name, **{"status": "active", **kw}
    )
    made.partners.set(partners)
    return made


def milestone(programme_, title="Job plans agreed", due=datetime.date(2026, 1, 31), done=None):
    return ProgrammeMilestone.objects.create(programme=programme_, title=title, due_date=due, done_date=done)
