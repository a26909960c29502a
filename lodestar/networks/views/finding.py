"""Finding networks (words, sector, topic: a GET form that needs no JavaScript), the person's own
networks, and starting one."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import path
from django.views.decorators.http import require_http_methods

from lodestar.core.forms import add_problems
from lodestar.core.validation import ValidationProblem
from lodestar.networks import actions, queries
from lodestar.networks.forms import NetworkForm, SearchForm
from lodestar.networks.presenters import NetworkCard

PER_PAGE = 20


def index(request):
    form = SearchForm(request.GET or None)
    filters = form.cleaned_data if form.is_bound and form.is_valid() else {}
    rows = queries.search(request.user, **{k: filters.get(k, "") for k in ("q", "sector", "topic")})
    page = Paginator(rows, PER_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "form": form,
        "results": [NetworkCard(n) for n in page.object_list],
        "count": page.paginator.count,
        "page": page,
        "query": query.urlencode(),
        "searched": bool(request.GET),
        "mine": [NetworkCard(n) for n in queries.my_networks(request.user)[:20]],
        "may_start": queries.organisations_to_host(request.user).exists(),
    }
    return render(request, "networks/index.jinja", context)


@require_http_methods(["GET", "POST"])
def start(request):
    hosts = queries.organisations_to_host(request.user)
    if not hosts.exists():
        raise PermissionDenied("You need to be able to run workshops at an organisation to start a network.")
    initial = {"topic": "other", "visibility": "region", "joining": "request"}
    form = NetworkForm(request.POST or None, hosts=hosts, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            network = actions.start_network(actor=request.user, **form.cleaned_data)
        except ValidationProblem as problem:
            add_problems(form, problem)
        else:
            messages.success(request, f"Network started: {network.name}. You are its coordinator.")
            return redirect("networks:detail", network_id=network.pk)
    return render(request, "networks/start.jinja", {"form": form})


ROUTES = [
    path("", index, name="index"),
    path("new/", start, name="start"),
]
