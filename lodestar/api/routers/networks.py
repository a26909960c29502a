"""Networks for shared learning: communities of practice, their members, discussions, events
(with each as an .ics calendar file) and resources (with the shared files).

Reads go through the same scoped queries as the pages (``lodestar.networks.queries``): a network
you cannot find is 404, and so are the discussions, events, members, resources and files of a
by-request network you are not a member of. Writes call the pages' actions, so their refusals are
the pages' words, as a 422 naming the field.
"""

from __future__ import annotations

from django.http import FileResponse, Http404, HttpResponse
from django.urls import reverse
from django.utils import timezone
from ninja import Query, Router, Status

from lodestar.api.routers.networks_schemas import (
    EVENT_ID,
    NETWORK_ID,
    RESOURCE_ID,
    THREAD_ID,
    EventOut,
    JoinIn,
    MemberOut,
    NetworkDetailOut,
    NetworkFilters,
    NetworkOut,
    ReplyIn,
    ResourceOut,
    ThreadDetailOut,
    ThreadIn,
    ThreadOut,
)
from lodestar.api.schemas import Page, error_responses, paginate, problems_422, validation_example
from lodestar.core.validation import ValidationProblem
from lodestar.networks import actions, actions_content, ics, queries, reach
from lodestar.networks.sectors import sector_label

router = Router(tags=["Networks"])


def _network(n) -> dict:
    return {
        "id": n.pk,
        "name": n.name,
        "purpose": n.purpose,
        "topic": n.topic,
        "host": n.host.name,
        "visibility": n.visibility,
        "joining": n.joining,
        "members": n.member_count if hasattr(n, "member_count") else queries.members(n).count(),
    }


@router.get(
    "",
    response={200: Page[NetworkOut], **error_responses(401, 422)},
    summary="Find networks",
    description="Networks you can find (open to everyone signed in, or in your ICS or region), matching every "
    "word, with members from the sector and on the topic given.",
)
def list_networks(request, filters: Query[NetworkFilters]):
    found = queries.search(request.auth, q=filters.q or "", sector=filters.sector or "", topic=filters.topic or "")
    page = paginate(found, page=filters.page, page_size=filters.page_size)
    page["items"] = [_network(n) for n in page["items"]]
    return page


@router.get(
    "/{network_id}",
    response={200: NetworkDetailOut, **error_responses(401, 404, 422)},
    summary="One network, your place in it and its reach",
)
def get_network(request, network_id: int = NETWORK_ID):
    network = queries.network(request.auth, network_id)
    place = queries.place(request.auth, network)
    found = reach.of(network)
    return {
        **_network(network),
        "your_status": place.status if place else None,
        "coordinator": queries.is_coordinator(request.auth, network),
        "may_read": queries.may_read(request.auth, network),
        "reach": {
            "sentence": found.sentence(),
            "by_ics": [{"name": name, "members": n} for name, n in found.by_ics],
            "by_sector": [{"name": name, "members": n} for name, n in found.by_sector],
        },
    }


def _member(m) -> dict:
    return {
        "id": m.pk,
        "name": m.user.display_name,
        "organisation": m.organisation.name,
        "ics": m.ics.name if m.ics_id else None,
        "sector": sector_label(m.sector),
        "status": m.status,
        "coordinator": m.is_coordinator,
    }


@router.post(
    "/{network_id}/join",
    response={201: MemberOut, **error_responses(401, 404, 422)},
    summary="Join a network, or ask to",
    description="An open network: you are a member at once. A network by request: a coordinator accepts you.",
    openapi_extra=validation_example("organisation", "Choose one of the organisations you work for"),
)
def join(request, payload: JoinIn, network_id: int = NETWORK_ID):
    network = queries.network(request.auth, network_id)
    organisation = queries.organisations_to_join_from(request.auth).filter(pk=payload.organisation_id).first()
    if organisation is None:
        raise problems_422(ValidationProblem("organisation", "Choose one of the organisations you work for"))
    try:
        place = actions.join(actor=request.auth, network=network, organisation=organisation, message=payload.message)
    except ValidationProblem as problem:
        raise problems_422(problem) from problem
    place = queries.member_place(network, place.pk)
    return Status(201, _member(place))


@router.get(
    "/{network_id}/members",
    response={200: list[MemberOut], **error_responses(401, 404, 422)},
    summary="The network's members",
)
def list_members(request, network_id: int = NETWORK_ID):
    network = queries.readable(request.auth, network_id)
    return [_member(m) for m in queries.members(network)]


def _thread(t) -> dict:
    author = t.author.display_name if t.author else "A former member"
    return {"id": t.pk, "title": t.title, "author": author, "created_at": t.created_at, "last_post_at": t.last_post_at}


@router.get(
    "/{network_id}/threads",
    response={200: list[ThreadOut], **error_responses(401, 404, 422)},
    summary="The network's discussions, latest first",
)
def list_threads(request, network_id: int = NETWORK_ID):
    network = queries.readable(request.auth, network_id)
    return [_thread(t) for t in queries.threads(network)]


@router.post(
    "/{network_id}/threads",
    response={201: ThreadDetailOut, **error_responses(401, 404, 422)},
    summary="Start a discussion (members)",
    openapi_extra=validation_example("title", "Enter a title for the discussion"),
)
def start_thread(request, payload: ThreadIn, network_id: int = NETWORK_ID):
    network = queries.readable(request.auth, network_id)
    try:
        thread = actions_content.start_thread(actor=request.auth, network=network, **payload.model_dump())
    except ValidationProblem as problem:
        raise problems_422(problem) from problem
    return Status(201, _thread_detail(request, queries.thread(request.auth, thread.pk)))


def _thread_detail(request, thread) -> dict:
    coordinator = queries.is_coordinator(request.auth, thread.network)
    posts = [
        {
            "id": p.pk,
            "author": p.author.display_name if p.author else "A former member",
            "posted_at": p.created_at,
            "body": "" if p.hidden_at and not coordinator else p.body,
            "hidden": p.hidden_at is not None,
            "hidden_reason": p.hidden_reason,
        }
        for p in queries.posts(thread)
    ]
    return {**_thread(thread), "posts": posts}


@router.get(
    "/threads/{thread_id}",
    response={200: ThreadDetailOut, **error_responses(401, 404, 422)},
    summary="A discussion with its posts",
)
def get_thread(request, thread_id: int = THREAD_ID):
    return _thread_detail(request, queries.thread(request.auth, thread_id))


@router.post(
    "/threads/{thread_id}/replies",
    response={201: ThreadDetailOut, **error_responses(401, 404, 422)},
    summary="Reply to a discussion (members)",
    description="The discussion's other participants get an email about the reply.",
    openapi_extra=validation_example("body", "Write your reply"),
)
def reply(request, payload: ReplyIn, thread_id: int = THREAD_ID):
    thread = queries.thread(request.auth, thread_id)
    try:
        actions_content.reply(actor=request.auth, thread=thread, body=payload.body)
    except ValidationProblem as problem:
        raise problems_422(problem) from problem
    return Status(201, _thread_detail(request, queries.thread(request.auth, thread.pk)))


@router.get(
    "/{network_id}/events",
    response={200: list[EventOut], **error_responses(401, 404, 422)},
    summary="The network's events, soonest first",
)
def list_events(request, network_id: int = NETWORK_ID):
    network = queries.readable(request.auth, network_id)
    return [
        {
            "id": e.pk,
            "title": e.title,
            "description": e.description,
            "starts_at": e.starts_at,
            "ends_at": e.ends_at,
            "place": e.place,
            "online_url": e.online_url,
            "capacity": e.capacity,
            "signed_up": e.taken,
            "ics_url": reverse("api:networks_event_ics", kwargs={"event_id": e.pk}),
        }
        for e in queries.events(network)
    ]


@router.get(
    "/events/{event_id}/ics",
    response={200: None, **error_responses(401, 404, 422)},
    url_name="networks_event_ics",
    summary="An event as an iCalendar (.ics) file",
    description="RFC 5545: one VEVENT with a stable UID and the times in UTC.",
)
def event_ics(request, event_id: int = EVENT_ID):
    event = queries.event(request.auth, event_id)
    page = request.build_absolute_uri(reverse("networks:event", args=[event.pk]))
    response = HttpResponse(
        ics.for_event(event, stamp=timezone.now(), link=page), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="network-event-{event.pk}.ics"'
    return response


def _resource_url(r) -> str:
    if r.kind == "file":
        return reverse("api:networks_resource_file", kwargs={"resource_id": r.pk})
    if r.case_study_id:
        return reverse("learning:detail", args=[r.case_study_id])
    return reverse("star:detail", args=[r.intervention.code])


@router.get(
    "/{network_id}/resources",
    response={200: list[ResourceOut], **error_responses(401, 404, 422)},
    summary="The network's resources: files, case studies you may read, interventions",
)
def list_resources(request, network_id: int = NETWORK_ID):
    network = queries.readable(request.auth, network_id)
    return [
        {
            "id": r.pk,
            "kind": r.kind,
            "title": r.title,
            "description": r.description,
            "file_name": r.file_name,
            "content_type": r.content_type,
            "size": r.size,
            "url": _resource_url(r),
            "created_at": r.created_at,
        }
        for r in queries.resources(request.auth, network)
    ]


@router.get(
    "/resources/{resource_id}/file",
    response={200: None, **error_responses(401, 404, 422)},
    url_name="networks_resource_file",
    summary="Download a shared file",
)
def resource_file(request, resource_id: int = RESOURCE_ID):
    resource = queries.resource(request.auth, resource_id)
    if not resource.file:
        raise Http404("No file")
    response = FileResponse(
        resource.file.open("rb"), as_attachment=True, filename=resource.file_name, content_type=resource.content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response
