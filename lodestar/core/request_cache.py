"""Answers worked out once per web request, such as which organisations a person reaches.

A page asks "where may this person view?" many times over (finding the workshop, its plan,
whether they facilitate...); each question used to read the person's memberships again.
``once_per_request(key, compute)`` keeps the first answer until the request ends. Outside a
request (management commands, the task worker, tests calling code directly) nothing is kept,
so a change made there is always seen at once. Keys must name everything the answer depends
on (for example the user's id and the permission).

The cache starts with Django's ``request_started`` signal and ends with ``request_finished``,
in the thread that serves the request (a context variable, so gunicorn's threads never share
one). A request that changes what it cached (a person changing their own memberships) sees
the change from its next request: pages redirect after every write.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from contextvars import ContextVar
from typing import TypeVar

from django.core.signals import request_finished, request_started

T = TypeVar("T")
_answers: ContextVar[dict | None] = ContextVar("lodestar_request_cache", default=None)


def once_per_request(key: Hashable, compute: Callable[[], T]) -> T:
    answers = _answers.get()
    if answers is None:
        return compute()
    if key not in answers:
        answers[key] = compute()
    return answers[key]


def forget() -> None:
    """Drop what this request has kept (after a write that changes it)."""
    answers = _answers.get()
    if answers is not None:
        answers.clear()


def _start(**kwargs) -> None:
    _answers.set({})


def _finish(**kwargs) -> None:
    _answers.set(None)


request_started.connect(_start, dispatch_uid="lodestar.core.request_cache.start")
request_finished.connect(_finish, dispatch_uid="lodestar.core.request_cache.finish")
