"""Pages where people create, see and revoke their own API tokens (/account/api-tokens/)."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from lodestar.api import actions
from lodestar.api.forms import CreateTokenForm
from lodestar.api.models import ApiToken


def token_list(request):
    tokens = ApiToken.objects.visible_to(request.user)
    return render(request, "api/token_list.jinja", {"tokens": tokens})


@never_cache
@require_http_methods(["GET", "POST"])
def token_create(request):
    form = CreateTokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        token, plain = actions.create_token(
            actor=request.user, name=form.cleaned_data["name"], expires_at=form.expires_at()
        )
        # Shown in this response only (never_cache: not kept by the browser either);
        # never stored in the session or anywhere else.
        return render(request, "api/token_created.jinja", {"token": token, "plain_token": plain})
    return render(request, "api/token_create.jinja", {"form": form})


@require_http_methods(["GET", "POST"])
def token_revoke(request, pk: int):
    token = get_object_or_404(ApiToken.objects.visible_to(request.user), pk=pk)
    if request.method == "POST" and token.is_active:
        actions.revoke_token(actor=request.user, token=token)
        messages.success(request, f"Token ‘{token.name}’ has been revoked. It no longer works.")
        return redirect("api_tokens:list")
    if not token.is_active:
        messages.info(request, f"Token ‘{token.name}’ already does not work.")
        return redirect("api_tokens:list")
    return render(request, "api/token_revoke.jinja", {"token": token})
