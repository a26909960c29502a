"""The words of each email: a subject and the lines between the greeting and the footer
(``delivery`` adds the greeting, the unsubscribe link and the link to the email settings)."""

from __future__ import annotations

import datetime

from django.urls import reverse

from lodestar.config.jinja2 import format_date
from lodestar.core.words import a_or_an, plural
from lodestar.notifications.delivery import Email, link
from lodestar.notifications.queries import DigestSection


def _date(value: datetime.date | None) -> str:
    """A date as the pages write it (the ``date`` filter), or "no date"."""
    return format_date(value) or "no date"


def added_to_workshop(participant) -> Email:
    workshop = participant.workshop
    role = a_or_an(participant.get_role_display().lower())
    return Email(
        f"You have been added to the workshop {workshop.title}",
        [
            f'You have been added to the Star workshop "{workshop.title}" as {role}.',
            "",
            f"Open the workshop: {link(reverse('workshops:detail', kwargs={'pk': workshop.pk}))}",
        ],
    )


def rating_requested(workshop, asked_by) -> Email:
    who = asked_by.display_name if asked_by else "The facilitator"
    return Email(
        f"Please rate the candidate interventions for {workshop.title}",
        [
            f'{who} asks you to rate the candidate interventions of the workshop "{workshop.title}":',
            "for each one, how much impact it would have and how much effort it would take, from 1 to 5.",
            "",
            f"Rate them: {link(reverse('workshops:prioritisation', kwargs={'pk': workshop.pk}))}",
        ],
    )


def _action_lines(action) -> list[str]:
    return [
        f"Action: {action.title}",
        f"Action plan: {action.plan.title}",
        f"Due: {_date(action.due_date)}",
        f"Status: {action.get_status_display()}",
        "",
        f"Open the action: {link(reverse('plans:action', kwargs={'action_id': action.pk}))}",
    ]


def owner_assigned(action, assigned_by) -> Email:
    who = assigned_by.display_name if assigned_by else "Someone"
    return Email(
        f"You are now the owner of the action {action.title}",
        [f"{who} has made you the owner of an action.", "", *_action_lines(action)],
    )


def due_soon(action, on: datetime.date) -> Email:
    left = (action.due_date - on).days
    when = f"in {plural(left, 'day')}" if left else "today"
    return Email(
        f"Due {when}: {action.title}",
        [f"An action you own is due {when}, on {_date(action.due_date)}.", "", *_action_lines(action)],
    )


def overdue(action, on: datetime.date) -> Email:
    late = (on - action.due_date).days
    return Email(
        f"Overdue: {action.title}",
        [
            f"An action you own was due on {_date(action.due_date)}, {plural(late, 'day')} ago, and is not done.",
            "Add a progress update, or change its due date or status if the plan has changed.",
            "",
            *_action_lines(action),
        ],
    )


def no_update(action, on: datetime.date, days: int) -> Email:
    since = f"since {_date(action.last_update)}" if action.last_update else "since it was added"
    return Email(
        f"No progress update for {plural(days, 'day')} or more: {action.title}",
        [
            f"An action you own has had no progress update {since}.",
            "Add a short update so the plan's lead and the team know how it is going.",
            "",
            *_action_lines(action),
        ],
    )


def weekly_digest(sections: list[DigestSection], week: str) -> Email:
    lines = ["What happened last week in the workshops you facilitate and the action plans you lead."]
    for section in sections:
        lines += ["", section.title, link(section.path)]
        lines += [f"- {change}" for change in section.changes] or ["- No changes this week"]
        if section.overdue:
            lines.append(f"Overdue actions ({len(section.overdue)}):")
            lines += [f"- {a.title} (due {_date(a.due_date)}, owner: {a.owner_label})" for a in section.overdue]
    return Email(f"Your Lodestar week ({week})", lines)
