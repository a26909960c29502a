"""Workshop pages. Thin: read through scoped querysets, write through ``actions``.

Anything the user cannot see is a 404; a page they can see but an operation their role does
not allow (a contributor curating, say) is a 403.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.views.decorators.http import require_POST

from lodestar.orgs.permissions import Permission, has_permission
from lodestar.star import vocab
from lodestar.workshops import actions, charts, forms, queries, scale, scoring, suggest
from lodestar.workshops.models import ContributionKind, EvidenceKind, Workshop

# --- helpers --------------------------------------------------------------------------


def _workshop(request, pk) -> Workshop:
    workshop = queries.get_visible_workshop(request.user, pk)
    if workshop is None:
        raise Http404("No such workshop")
    return workshop


def _facilitated(request, pk) -> Workshop:
    workshop = _workshop(request, pk)
    if not workshop.can_facilitate(request.user):
        raise PermissionDenied("Only the workshop's facilitators can do this.")
    return workshop


def _contributable(request, pk) -> Workshop:
    workshop = _workshop(request, pk)
    if not workshop.can_contribute(request.user):
        raise PermissionDenied("Only the workshop's contributors and facilitators can do this.")
    return workshop


def _participant_or_facilitator(request, pk) -> Workshop:
    """Evidence is for the workshop's participants only: others get a 404."""
    workshop = _workshop(request, pk)
    if not (workshop.is_participant(request.user) or workshop.can_facilitate(request.user)):
        raise Http404("No such workshop")
    return workshop


def plans_url(name: str, **kwargs) -> str | None:
    """The URL of a plans page, or None while the plans app does not provide it."""
    try:
        return reverse(name, kwargs=kwargs)
    except NoReverseMatch:
        return None


def action_plan_of(workshop):
    try:
        return getattr(workshop, "action_plan", None)
    except Exception:  # the plans app may not have its model yet
        return None


def _render(request, template, workshop, **context):
    context.update(
        workshop=workshop,
        can_facilitate=workshop.can_facilitate(request.user),
        can_contribute=workshop.can_contribute(request.user),
        is_participant=workshop.is_participant(request.user),
    )
    return render(request, f"workshops/{template}", context)


def _htmx(request) -> bool:
    return request.headers.get("HX-Request") == "true" and "HX-History-Restore-Request" not in request.headers


# --- list, set-up, overview -----------------------------------------------------------


def workshop_list(request):
    workshops = (
        Workshop.objects.visible_to(request.user)
        .select_related("lead_organisation")
        .prefetch_related("partner_organisations")
    )
    return render(
        request,
        "workshops/list.jinja",
        {"workshops": workshops, "can_set_up": has_permission(request.user, Permission.FACILITATE)},
    )


def _setup_kwargs(data):
    return dict(
        title=data["title"],
        lead_organisation=data["lead_organisation"],
        challenge=data["challenge"],
        partner_organisations=list(data["partner_organisations"]),
        service=data["service"],
        population=data["population"],
        staff_groups=data["staff_groups"],
        care_settings=data["care_settings"],
        starts_on=data["starts_on"],
        ends_on=data["ends_on"],
    )


def workshop_create(request):
    if not has_permission(request.user, Permission.FACILITATE):
        raise PermissionDenied("You need to be a facilitator to set up a workshop.")
    form = forms.WorkshopForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        workshop = actions.create_workshop(actor=request.user, **_setup_kwargs(form.cleaned_data))
        messages.success(request, f"Workshop set up: {workshop.title}")
        return redirect("workshops:detail", workshop.pk)
    return render(request, "workshops/setup.jinja", {"form": form, "workshop": None})


def workshop_edit(request, pk):
    workshop = _facilitated(request, pk)
    initial = {
        "title": workshop.title,
        "lead_organisation": workshop.lead_organisation,
        "partner_organisations": list(workshop.partner_organisations.all()),
        "challenge": workshop.challenge,
        "service": workshop.service,
        "population": workshop.population,
        "staff_groups": workshop.staff_groups,
        "care_settings": workshop.care_settings,
        "starts_on": workshop.starts_on,
        "ends_on": workshop.ends_on,
    }
    form = forms.WorkshopForm(request.POST or None, user=request.user, workshop=workshop, initial=initial)
    if request.method == "POST" and form.is_valid():
        kwargs = _setup_kwargs(form.cleaned_data)
        partners = kwargs.pop("partner_organisations")
        actions.update_workshop(actor=request.user, workshop=workshop, partner_organisations=partners, **kwargs)
        messages.success(request, "Workshop details saved")
        return redirect("workshops:detail", workshop.pk)
    return render(request, "workshops/setup.jinja", {"form": form, "workshop": workshop})


def _tag(text, colour=None):
    return {"tag": {"text": text, "classes": f"nhsuk-tag--{colour}" if colour else ""}}


def task_list(workshop, user) -> list[dict]:
    n_participants = workshop.participants.count()
    n_evidence = workshop.evidence.count()
    scored = workshop.assessments.filter(current_score__isnull=False, target_score__isnull=False).count()
    n_candidates = workshop.candidates.count()
    n_rated = workshop.candidates.filter(ratings__isnull=False).distinct().count()
    plan = action_plan_of(workshop)
    done = {"text": "Completed"}
    not_started = _tag("Not started", "white")
    in_progress = _tag("In progress", "blue")
    cannot = _tag("Cannot start yet", "grey")
    can_see_evidence = workshop.is_participant(user) or workshop.can_facilitate(user)
    items = [
        {
            "title": {"text": "Set up"},
            "href": reverse("workshops:edit", args=[workshop.pk]) if workshop.can_facilitate(user) else None,
            "hint": "Title, organisations, scope and dates",
            "status": done,
        },
        {
            "title": {"text": "Participants"},
            "href": reverse("workshops:participants", args=[workshop.pk]),
            "hint": f"{n_participants} taking part",
            "status": done if n_participants > 1 else not_started,
        },
        {
            "title": {"text": "Evidence pack"},
            "href": reverse("workshops:evidence", args=[workshop.pk]) if can_see_evidence else None,
            "hint": "1 note or file" if n_evidence == 1 else f"{n_evidence} notes and files",
            "status": done if n_evidence else not_started,
        },
        {
            "title": {"text": "Star assessment"},
            "href": reverse("workshops:assessment", args=[workshop.pk]),
            "hint": f"{scored} of 5 points scored",
            "status": done if scored >= 5 else (in_progress if scored else not_started),
        },
        {
            "title": {"text": "Candidates"},
            "href": reverse("workshops:candidates", args=[workshop.pk]),
            "hint": f"{n_candidates} intervention{'' if n_candidates == 1 else 's'} from the catalogue",
            "status": done if n_candidates else not_started,
        },
        {
            "title": {"text": "Prioritisation"},
            "href": reverse("workshops:prioritisation", args=[workshop.pk]) if n_candidates else None,
            "hint": f"{n_rated} of {n_candidates} candidates rated",
            "status": done
            if workshop.shortlist_confirmed
            else (in_progress if n_rated else (not_started if n_candidates else cannot)),
        },
    ]
    plan_href = plans_url("plans:detail", plan_id=plan.pk) if plan else None
    items.append(
        {
            "title": {"text": "Action plan"},
            "href": plan_href,
            "hint": "Actions with owners, dates and measures",
            "status": done if plan else (not_started if workshop.shortlist_confirmed else cannot),
        }
    )
    for item in items:
        if not item["href"]:
            item.pop("href")
    return items


def workshop_detail(request, pk):
    workshop = _workshop(request, pk)
    plan = action_plan_of(workshop)
    return _render(
        request,
        "detail.jinja",
        workshop,
        tasks=task_list(workshop, request.user),
        partners=workshop.partner_organisations.all(),
        staff_groups=[vocab.label(vocab.STAFF_GROUPS, k) for k in workshop.staff_groups],
        care_settings=[vocab.label(vocab.CARE_SETTINGS, k) for k in workshop.care_settings],
        plan=plan,
        plan_href=plans_url("plans:detail", plan_id=plan.pk) if plan else None,
        report_href=plans_url("plans:report-pdf", workshop_id=workshop.pk) if plan else None,
    )


# --- participants ---------------------------------------------------------------------


def participants(request, pk):
    workshop = _workshop(request, pk)
    can_facilitate = workshop.can_facilitate(request.user)
    member_form = forms.MemberParticipantForm(workshop=workshop)
    invite_form = forms.ExternalInviteForm(workshop=workshop, prefix="invite")
    if request.method == "POST":
        if not can_facilitate:
            raise PermissionDenied("Only the workshop's facilitators can change participants.")
        if request.POST.get("form") == "member":
            member_form = forms.MemberParticipantForm(request.POST, workshop=workshop)
            if member_form.is_valid():
                user = member_form.cleaned_data["user"]
                actions.add_member_participant(
                    actor=request.user,
                    workshop=workshop,
                    user=user,
                    role=member_form.cleaned_data["role"],
                    organisation=queries.member_organisation(workshop, user),
                )
                messages.success(request, f"{user.display_name} added to the workshop")
                return redirect("workshops:participants", workshop.pk)
        else:
            invite_form = forms.ExternalInviteForm(request.POST, workshop=workshop, prefix="invite")
            if invite_form.is_valid():
                data = invite_form.cleaned_data
                actions.invite_external_participant(
                    actor=request.user,
                    workshop=workshop,
                    name=data["name"],
                    email=data["email"],
                    role=data["role"],
                    accept_url=lambda token: request.build_absolute_uri(reverse("workshops:accept", args=[token])),
                )
                messages.success(request, f"Invitation sent to {data['email']}")
                return redirect("workshops:participants", workshop.pk)
    return _render(
        request,
        "participants.jinja",
        workshop,
        participants=workshop.participants.select_related("user", "organisation"),
        member_form=member_form,
        invite_form=invite_form,
        form=member_form if member_form.errors else invite_form,
    )


@require_POST
def participant_remove(request, pk, participant_id):
    workshop = _facilitated(request, pk)
    participant = workshop.participants.filter(pk=participant_id).first()
    if participant is None:
        raise Http404("No such participant")
    if participant.user_id == request.user.pk:
        messages.error(request, "You cannot remove yourself from the workshop")
    else:
        actions.remove_participant(actor=request.user, participant=participant)
        messages.success(request, f"{participant.name} removed from the workshop")
    return redirect("workshops:participants", workshop.pk)


@login_not_required
def accept_invitation(request, token):
    participant = actions.find_invitation(token)
    if participant is None:
        return render(request, "workshops/invitation_invalid.jinja", status=404)
    workshop = participant.workshop
    user = request.user if request.user.is_authenticated else None
    existing = queries.account_exists(participant.email)
    if user is not None and user.email.lower() != participant.email:
        return render(request, "workshops/invitation_other_user.jinja", {"participant": participant}, status=403)
    form = forms.AcceptInvitationForm(request.POST or None, initial={"full_name": participant.name})
    if request.method == "POST":
        if user is not None:
            actions.accept_invitation(participant=participant, user=user)
            messages.success(request, f"You have joined the workshop: {workshop.title}")
            return redirect("workshops:detail", workshop.pk)
        if not existing and form.is_valid():
            user = actions.accept_invitation(
                participant=participant,
                full_name=form.cleaned_data["full_name"],
                password=form.cleaned_data["password"],
            )
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(request, f"Your account is ready. Welcome to the workshop: {workshop.title}")
            return redirect("workshops:detail", workshop.pk)
    return render(
        request,
        "workshops/invitation_accept.jinja",
        {
            "participant": participant,
            "workshop": workshop,
            "form": form,
            "signed_in": user is not None,
            "existing": existing,
        },
    )


# --- evidence pack --------------------------------------------------------------------


def evidence(request, pk):
    workshop = _participant_or_facilitator(request, pk)
    note_form = forms.EvidenceNoteForm(auto_id="note-%s")
    file_form = forms.EvidenceFileForm(auto_id="file-%s")
    if request.method == "POST":
        if not workshop.can_contribute(request.user):
            raise PermissionDenied("Observers cannot add to the evidence pack.")
        if request.POST.get("form") == "note":
            note_form = forms.EvidenceNoteForm(request.POST, auto_id="note-%s")
            if note_form.is_valid():
                actions.add_evidence_note(actor=request.user, workshop=workshop, **note_form.cleaned_data)
                messages.success(request, "Note added to the evidence pack")
                return redirect("workshops:evidence", workshop.pk)
        else:
            file_form = forms.EvidenceFileForm(request.POST, request.FILES, auto_id="file-%s")
            if file_form.is_valid():
                try:
                    item = actions.add_evidence_file(
                        actor=request.user,
                        workshop=workshop,
                        title=file_form.cleaned_data["title"],
                        upload=file_form.cleaned_data["file"],
                    )
                except actions.EvidenceRejected as exc:
                    file_form.add_error("file", str(exc))
                else:
                    messages.success(request, f"File added to the evidence pack: {item.original_name}")
                    return redirect("workshops:evidence", workshop.pk)
    return _render(
        request,
        "evidence.jinja",
        workshop,
        items=workshop.evidence.select_related("added_by"),
        note_form=note_form,
        file_form=file_form,
        form=note_form if note_form.errors else file_form,
        max_mb=actions.too_large_message(),
    )


def evidence_download(request, pk, item_id):
    workshop = _participant_or_facilitator(request, pk)
    item = workshop.evidence.filter(pk=item_id, kind=EvidenceKind.FILE).first()
    if item is None or not item.file:
        raise Http404("No such file")
    try:
        handle = item.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404("The file is missing") from exc
    response = FileResponse(
        handle, as_attachment=True, filename=item.original_name or "evidence", content_type=item.content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@require_POST
def evidence_delete(request, pk, item_id):
    workshop = _participant_or_facilitator(request, pk)
    item = workshop.evidence.filter(pk=item_id).first()
    if item is None:
        raise Http404("No such item")
    if not (workshop.can_facilitate(request.user) or item.added_by_id == request.user.pk):
        raise PermissionDenied("Only the facilitator or the person who added it can remove this.")
    actions.delete_evidence(actor=request.user, item=item)
    messages.success(request, f"Removed from the evidence pack: {item.title}")
    return redirect("workshops:evidence", workshop.pk)


# --- Star assessment ------------------------------------------------------------------


def assessment(request, pk):
    workshop = _workshop(request, pk)
    rows = charts.chart_rows(workshop)
    counts = {}
    for c in workshop.contributions.filter(hidden=False).select_related("point"):
        counts.setdefault(c.point.key, 0)
        counts[c.point.key] += 1
    return _render(
        request,
        "assessment.jinja",
        workshop,
        rows=rows,
        chart=charts.star_chart_svg(workshop, rows),
        counts=counts,
    )


def _point(key):
    point = queries.star_point(key)
    if point is None:
        raise Http404("No such Star point")
    return point


def assessment_point(request, pk, point_key, *, score_form=None, contribution_form=None, status=200):
    workshop = _workshop(request, pk)
    point = _point(point_key)
    current = workshop.assessments.filter(point=point).first()
    can_facilitate = workshop.can_facilitate(request.user)
    if score_form is None:
        score_form = forms.AssessmentForm(
            initial={
                "current_score": str(current.current_score) if current and current.current_score else None,
                "target_score": str(current.target_score) if current and current.target_score else None,
                "evidence": current.evidence if current else "",
            }
        )
    contribution_form = contribution_form or forms.ContributionForm()
    contributions = workshop.contributions.filter(point=point).select_related("author", "merged_into")
    if not can_facilitate:
        contributions = contributions.filter(hidden=False)
    grouped = [(kind, label, [c for c in contributions if c.kind == kind]) for kind, label in ContributionKind.choices]
    points = list(queries.star_points())
    index = next((i for i, p in enumerate(points) if p.pk == point.pk), 0)
    response = _render(
        request,
        "assessment_point.jinja",
        workshop,
        point=point,
        assessment=current,
        descriptors=scale.descriptors(point.key),
        score_form=score_form,
        contribution_form=contribution_form,
        form=score_form if score_form.errors else contribution_form,
        grouped=grouped,
        previous_point=points[index - 1] if index > 0 else None,
        next_point=points[index + 1] if index + 1 < len(points) else None,
        describe=scale.describe,
    )
    response.status_code = status
    return response


@require_POST
def assessment_scores(request, pk, point_key):
    workshop = _facilitated(request, pk)
    point = _point(point_key)
    form = forms.AssessmentForm(request.POST)
    if not form.is_valid():
        return assessment_point(request, pk, point_key, score_form=form, status=400)
    data = form.cleaned_data
    actions.save_assessment(
        actor=request.user,
        workshop=workshop,
        point=point,
        current_score=data["current_score"],
        target_score=data["target_score"],
        evidence=data["evidence"],
    )
    messages.success(request, f"Scores saved for {point.name}")
    return redirect("workshops:assessment-point", workshop.pk, point.key)


@require_POST
def contribution_add(request, pk, point_key):
    workshop = _contributable(request, pk)
    point = _point(point_key)
    form = forms.ContributionForm(request.POST)
    if not form.is_valid():
        return assessment_point(request, pk, point_key, contribution_form=form, status=400)
    actions.add_contribution(actor=request.user, workshop=workshop, point=point, **form.cleaned_data)
    messages.success(request, "Thank you: your contribution has been added")
    return redirect("workshops:assessment-point", workshop.pk, point.key)


def _contribution(workshop, cid):
    contribution = workshop.contributions.select_related("point").filter(pk=cid).first()
    if contribution is None:
        raise Http404("No such contribution")
    return contribution


def contribution_edit(request, pk, cid):
    workshop = _facilitated(request, pk)
    contribution = _contribution(workshop, cid)
    form = forms.ContributionForm(request.POST or None, initial={"kind": contribution.kind, "text": contribution.text})
    merge_form = forms.MergeForm(source=contribution)
    if request.method == "POST" and form.is_valid():
        actions.edit_contribution(
            actor=request.user,
            contribution=contribution,
            text=form.cleaned_data["text"],
            kind=form.cleaned_data["kind"],
        )
        messages.success(request, "Contribution saved")
        return redirect("workshops:assessment-point", workshop.pk, contribution.point.key)
    return _render(
        request, "contribution_edit.jinja", workshop, contribution=contribution, form=form, merge_form=merge_form
    )


@require_POST
def contribution_hide(request, pk, cid):
    workshop = _facilitated(request, pk)
    contribution = _contribution(workshop, cid)
    hidden = request.POST.get("hidden") != "0"
    actions.set_contribution_hidden(actor=request.user, contribution=contribution, hidden=hidden)
    messages.success(request, "Contribution hidden" if hidden else "Contribution shown again")
    return redirect("workshops:assessment-point", workshop.pk, contribution.point.key)


@require_POST
def contribution_merge(request, pk, cid):
    workshop = _facilitated(request, pk)
    contribution = _contribution(workshop, cid)
    merge_form = forms.MergeForm(request.POST, source=contribution)
    if merge_form.is_valid():
        into = merge_form.cleaned_data["into"]
        actions.merge_contribution(actor=request.user, source=contribution, into=into)
        messages.success(request, "Contributions merged")
        return redirect("workshops:assessment-point", workshop.pk, contribution.point.key)
    form = forms.ContributionForm(initial={"kind": contribution.kind, "text": contribution.text})
    response = _render(
        request,
        "contribution_edit.jinja",
        workshop,
        contribution=contribution,
        form=merge_form,
        edit_form=form,
        merge_form=merge_form,
    )
    response.status_code = 400
    return response


# --- candidates -----------------------------------------------------------------------


def _search(request, workshop, form):
    results = []
    searched = False
    if form.is_valid() and any(form.cleaned_data.values()):
        searched = True
        data = form.cleaned_data
        qs = queries.visible_interventions(request.user)
        if data["point"]:
            qs = qs.filter(point__key=data["point"])
        interventions = list(qs)
        if data["staff_group"]:
            interventions = [i for i in interventions if data["staff_group"] in (i.staff_groups or [])]
        if data["care_setting"]:
            interventions = [i for i in interventions if data["care_setting"] in (i.care_settings or [])]
        if data["q"]:
            words = set(suggest.tokens(data["q"]))
            needle = data["q"].strip().lower()
            interventions = [
                i
                for i in interventions
                if needle in f"{i.title} {i.summary} {i.description}".lower()
                or (words and words <= set(suggest.tokens(f"{i.title} {i.summary} {i.description}")))
            ]
        results = interventions[:25]
    return results, searched


def candidates(request, pk):
    workshop = _workshop(request, pk)
    form = forms.CandidateSearchForm(request.GET or None)
    results, searched = _search(request, workshop, form)
    linked_ids = set(workshop.candidates.values_list("intervention_id", flat=True))
    challenges = list(
        workshop.contributions.filter(kind=ContributionKind.CHALLENGE, hidden=False).select_related("point")
    )
    if _htmx(request):
        return _render(
            request,
            "_search_results.jinja",
            workshop,
            results=results,
            searched=searched,
            linked_ids=linked_ids,
            challenges=challenges,
        )
    chosen = None
    for_id = request.GET.get("for")
    if for_id and for_id.isdigit():
        chosen = next((c for c in challenges if c.pk == int(for_id)), None)
    text = f"{chosen.text if chosen else ''} {workshop.challenge}"
    pool = [i for i in queries.visible_interventions(request.user) if i.pk not in linked_ids]
    suggestions = suggest.rank(
        pool, text=text, staff_groups=workshop.staff_groups, care_settings=workshop.care_settings
    )
    linked = list(workshop.candidates.select_related("intervention", "intervention__point", "challenge"))
    by_challenge = [(c, [x for x in linked if x.challenge_id == c.pk]) for c in challenges]
    unlinked = [x for x in linked if x.challenge_id is None or x.challenge_id not in {c.pk for c in challenges}]
    return _render(
        request,
        "candidates.jinja",
        workshop,
        form=form,
        results=results,
        searched=searched,
        linked_ids=linked_ids,
        challenges=challenges,
        chosen=chosen,
        suggestions=suggestions,
        by_challenge=by_challenge,
        unlinked=unlinked,
        n_linked=len(linked),
    )


@require_POST
def candidate_add(request, pk):
    workshop = _contributable(request, pk)
    form = forms.AddCandidateForm(request.POST, workshop=workshop, user=request.user)
    if not form.is_valid():
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
        return redirect("workshops:candidates", workshop.pk)
    candidate = actions.add_candidate(
        actor=request.user,
        workshop=workshop,
        intervention=form.cleaned_data["intervention"],
        challenge=form.cleaned_data["challenge"],
    )
    messages.success(request, f"Added as a candidate: {candidate.intervention.title}")
    return redirect("workshops:candidates", workshop.pk)


@require_POST
def candidate_remove(request, pk, cid):
    workshop = _facilitated(request, pk)
    candidate = workshop.candidates.select_related("intervention").filter(pk=cid).first()
    if candidate is None:
        raise Http404("No such candidate")
    actions.remove_candidate(actor=request.user, candidate=candidate)
    messages.success(request, f"Removed from the candidates: {candidate.intervention.title}")
    return redirect("workshops:candidates", workshop.pk)


# --- prioritisation -------------------------------------------------------------------


def _aggregates(workshop):
    rows = []
    for c in workshop.candidates.select_related("intervention", "intervention__point").prefetch_related("ratings"):
        agg = scoring.aggregate([(r.impact, r.effort) for r in c.ratings.all()])
        rows.append((c, agg))
    rows.sort(key=lambda row: scoring.rank_key(row[0].intervention.title, row[1].impact_median, row[1].effort_median))
    return rows


def prioritisation(request, pk, *, rating_forms=None, shortlist_error=None, status=200):
    workshop = _workshop(request, pk)
    rows = _aggregates(workshop)
    mine = {r.candidate_id: r for r in request.user.workshop_ratings.filter(candidate__workshop=workshop)}
    rating_forms = rating_forms or {}
    for c, _ in rows:
        if c.pk not in rating_forms:
            r = mine.get(c.pk)
            rating_forms[c.pk] = forms.RatingForm(
                prefix=f"c{c.pk}", initial={"impact": str(r.impact), "effort": str(r.effort)} if r else None
            )
    matrix = [
        (key, label, hint, [(c, a) for c, a in rows if a.quadrant == key]) for key, label, hint in scoring.QUADRANTS
    ]
    if workshop.shortlist_confirmed:
        preselected = {c.pk for c, _ in rows if c.shortlisted}
    else:
        preselected = {c.pk for c, a in rows if a.quadrant in (scoring.QUICK_WIN, scoring.MAJOR_PROJECT)}
    error_form = next((f for f in rating_forms.values() if f.errors), None)
    response = _render(
        request,
        "prioritisation.jinja",
        workshop,
        rows=rows,
        rating_forms=rating_forms,
        mine=mine,
        matrix=matrix,
        preselected=preselected,
        shortlist=sorted((c for c, _ in rows if c.shortlisted), key=lambda c: c.priority_rank or 0),
        shortlist_error=shortlist_error,
        form=error_form,
        threshold=scoring.HIGH_THRESHOLD,
        generate_href=plans_url("plans:generate", workshop_id=workshop.pk),
        plan=action_plan_of(workshop),
        fmt=_fmt,
    )
    response.status_code = status
    return response


def _fmt(value) -> str:
    if value is None:
        return "-"
    return f"{value:g}" if float(value).is_integer() else f"{value:.1f}"


@require_POST
def rate(request, pk, cid):
    workshop = _contributable(request, pk)
    candidate = workshop.candidates.filter(pk=cid).first()
    if candidate is None:
        raise Http404("No such candidate")
    form = forms.RatingForm(request.POST, prefix=f"c{candidate.pk}")
    if not form.is_valid():
        return prioritisation(request, pk, rating_forms={candidate.pk: form}, status=400)
    actions.rate_candidate(actor=request.user, candidate=candidate, **form.cleaned_data)
    messages.success(request, f"Your rating is saved: {candidate.intervention.title}")
    return redirect(reverse("workshops:prioritisation", args=[workshop.pk]) + f"#candidate-{candidate.pk}")


@require_POST
def shortlist_confirm(request, pk):
    workshop = _facilitated(request, pk)
    chosen = []
    ids = set(workshop.candidates.values_list("pk", flat=True))
    error = None
    for raw in request.POST.getlist("include"):
        if not raw.isdigit() or int(raw) not in ids:
            error = "Choose candidates from this workshop"
            break
        cid = int(raw)
        rank_raw = request.POST.get(f"rank-{cid}", "").strip()
        if not rank_raw.isdigit() or int(rank_raw) < 1:
            error = "Give each chosen candidate a rank: a whole number, 1 for the highest priority"
            break
        chosen.append((int(rank_raw), cid))
    if error is None and not chosen:
        error = "Choose at least one candidate for the shortlist"
    if error is None:
        chosen.sort()
        try:
            actions.confirm_shortlist(
                actor=request.user, workshop=workshop, ordered_candidate_ids=[c for _, c in chosen]
            )
        except (ValueError, IntegrityError) as exc:
            error = str(exc)
    if error:
        return prioritisation(request, pk, shortlist_error=error, status=400)
    messages.success(request, f"Shortlist confirmed: {len(chosen)} candidates in priority order")
    return redirect(reverse("workshops:prioritisation", args=[workshop.pk]) + "#shortlist")
