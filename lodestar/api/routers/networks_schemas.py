"""Schemas of the networks router (``lodestar.api.routers.networks``)."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from ninja import Field, Path, Schema

from lodestar.api.schemas import DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, BodySchema, text_field
from lodestar.networks.models import Topic
from lodestar.networks.queries import QUERY_MAX
from lodestar.networks.sectors import SECTORS

MAX_INT = 2_147_483_647
NETWORK_ID = Path(..., ge=1, le=MAX_INT, description="The network's id.")
THREAD_ID = Path(..., ge=1, le=MAX_INT, description="The discussion's id.")
EVENT_ID = Path(..., ge=1, le=MAX_INT, description="The event's id.")
RESOURCE_ID = Path(..., ge=1, le=MAX_INT, description="The resource's id.")

SectorKey = Literal[tuple(SECTORS)]  # type: ignore[valid-type]
TopicKey = Literal[tuple(Topic.values)]  # type: ignore[valid-type]


class NetworkFilters(Schema):
    q: str | None = Field(None, max_length=QUERY_MAX, description="Words to find in the name or purpose.")
    sector: SectorKey | None = Field(None, description="Only networks with members from this sector.")
    topic: TopicKey | None = Field(None, description="Only networks on this topic.")
    page: int = Field(1, ge=1, le=1_000_000, description="Page number, from 1.")
    page_size: int = Field(DEFAULT_PAGE_SIZE, ge=1, le=MAX_PAGE_SIZE, description="Items per page (1 to 100).")


class NetworkOut(Schema):
    id: int
    name: str
    purpose: str
    topic: str = Field(description="One of: " + ", ".join(Topic.values))
    host: str = Field(description="The host organisation's name.")
    visibility: str = Field(description="everyone, ics or region: who can find the network.")
    joining: str = Field(description="open (join at once) or request (a coordinator accepts).")
    members: int = Field(description="How many members it has.")


class ReachRow(Schema):
    name: str
    members: int


class ReachOut(Schema):
    sentence: str = Field(examples=["Members come from 4 ICSs and 3 sectors: it crosses organisational boundaries."])
    by_ics: list[ReachRow]
    by_sector: list[ReachRow]


class NetworkDetailOut(NetworkOut):
    your_status: str | None = Field(description="requested, member, declined, removed, left, or null.")
    coordinator: bool = Field(description="Whether you coordinate the network.")
    may_read: bool = Field(description="Whether you may read its discussions, events, members and resources.")
    reach: ReachOut


class JoinIn(BodySchema):
    organisation_id: int = Field(description="The organisation you work for (one of your memberships).")
    message: str = text_field("", "Why you would like to join (at most 500 characters).")


class MemberOut(Schema):
    id: int
    name: str
    organisation: str
    ics: str | None
    sector: str
    status: str
    coordinator: bool


class ThreadIn(BodySchema):
    title: str = text_field(..., "The discussion's title (at most 200 characters).")
    body: str = text_field(..., "The first message.")


class ReplyIn(BodySchema):
    body: str = text_field(..., "The reply.")


class PostOut(Schema):
    id: int
    author: str
    posted_at: dt.datetime
    body: str = Field(description="Empty when a coordinator hid the post (unless you are a coordinator).")
    hidden: bool
    hidden_reason: str


class ThreadOut(Schema):
    id: int
    title: str
    author: str
    created_at: dt.datetime
    last_post_at: dt.datetime


class ThreadDetailOut(ThreadOut):
    posts: list[PostOut]


class EventOut(Schema):
    id: int
    title: str
    description: str
    starts_at: dt.datetime
    ends_at: dt.datetime
    place: str
    online_url: str
    capacity: int | None
    signed_up: int
    ics_url: str = Field(description="The event as an iCalendar (.ics) file.")


class ResourceOut(Schema):
    id: int
    kind: str = Field(description="file, case_study or intervention.")
    title: str
    description: str
    file_name: str
    content_type: str
    size: int
    url: str = Field(description="Where to read or download it.")
    created_at: dt.datetime
