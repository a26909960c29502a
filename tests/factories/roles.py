"""New roles register entries for tests, made through the actions as a facilitator would."""

from __future__ import annotations

import datetime

from django.db import transaction

from lodestar.roles import actions
from lodestar.roles.models import NewRole

D = datetime.date
POSTS = ((D(2025, 4, 1), 6, 4, 2),)


def new_role(actor, organisation, *, posts=POSTS, **data) -> NewRole:
    """An entry at ``organisation`` with its ``posts``: (on, planned, funded, filled)."""
    with transaction.atomic():
        made = actions.create_role(
            actor=actor,
            organisation=organisation,
            **{
                "name": "Advanced clinical practitioner",
                "setting": "secondary",
                "supervision": "Weekly case review with a consultant; monthly governance meeting.",
                "supervisor_role": "Consultant in emergency medicine",
                "covers_group": "doctors",
                "equivalence": "0.6",
                **data,
            },
        )
        for on, planned, funded, filled in posts:
            actions.record_posts(actor=actor, role=made, on=on, planned=planned, funded=funded, filled=filled)
    return made
