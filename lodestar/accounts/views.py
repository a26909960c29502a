"""Signing in and out, the profile page, passwords and accepting invitations."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login, logout, update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.decorators import method_decorator
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods

from lodestar.accounts import actions, forms
from lodestar.accounts.actions import InvitationError
from lodestar.core.forms import add_problems
from lodestar.core.validation import ValidationProblem
from lodestar.plans.models import ActionPlan

MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"


def _safe_next(request) -> str:
    next_url = request.POST.get("next") or request.GET.get("next") or ""
    if next_url and url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return next_url
    return ""


@login_not_required
@require_http_methods(["GET", "POST"])
def sign_in(request):
    next_url = _safe_next(request)
    if request.user.is_authenticated and request.method == "GET":
        return redirect(next_url or settings.LOGIN_REDIRECT_URL)
    form = forms.SignInForm(request, request.POST or None)
    if request.method == "POST" and form.is_valid():
        login(request, form.user)
        return redirect(next_url or settings.LOGIN_REDIRECT_URL)
    return render(request, "accounts/sign_in.jinja", {"form": form, "next": next_url})


@require_http_methods(["GET", "POST"])
def sign_out(request):
    if request.method == "POST":
        logout(request)
        messages.success(request, "You have signed out.")
        return redirect(settings.LOGOUT_REDIRECT_URL)
    return render(request, "accounts/sign_out.jinja", {})


def profile(request):
    memberships = request.user.memberships.select_related("organisation", "role").order_by("organisation__name")
    return render(request, "accounts/profile.jinja", {"person": request.user, "memberships": memberships})


def locked_out(request, response=None, credentials=None, *args, **kwargs):
    """django-axes calls this when an email address and network address have failed too often."""
    minutes = round(float(settings.AXES_COOLOFF_TIME) * 60)
    return render(request, "accounts/locked_out.jinja", {"minutes": minutes}, status=429)


class PasswordChange(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.jinja"
    form_class = forms.ChangePasswordForm
    success_url = reverse_lazy("accounts:profile")

    def form_valid(self, form):
        actions.set_password(
            actor=self.request.user, user=form.user, password=form.cleaned_data["new_password1"], reason="change"
        )
        update_session_auth_hash(self.request, form.user)
        messages.success(self.request, "Your password has been changed.")
        return HttpResponseRedirect(self.get_success_url())


@method_decorator(login_not_required, name="dispatch")
class PasswordReset(auth_views.PasswordResetView):
    template_name = "accounts/password_reset.jinja"
    form_class = forms.ResetPasswordForm
    email_template_name = "accounts/emails/password_reset.txt"
    subject_template_name = "accounts/emails/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password-reset-sent")


@method_decorator(login_not_required, name="dispatch")
class PasswordResetSent(auth_views.PasswordResetDoneView):
    template_name = "accounts/password_reset_sent.jinja"


@method_decorator(login_not_required, name="dispatch")
class PasswordResetConfirm(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.jinja"
    form_class = forms.ChooseNewPasswordForm
    success_url = reverse_lazy("accounts:password-reset-complete")

    def form_valid(self, form):
        actions.set_password(
            actor=form.user, user=form.user, password=form.cleaned_data["new_password1"], reason="reset"
        )
        del self.request.session[auth_views.INTERNAL_RESET_SESSION_TOKEN]
        return HttpResponseRedirect(self.get_success_url())


@method_decorator(login_not_required, name="dispatch")
class PasswordResetComplete(auth_views.PasswordResetCompleteView):
    template_name = "accounts/password_reset_complete.jinja"


def _problem(request, exc):
    return render(request, "accounts/invitation_problem.jinja", {"problem": str(exc)}, status=404)


def _joined(request, invitation, welcome: str):
    """Where an accepted invitation lands: the organisation, or the plan the person now owns an action in."""
    if invitation.plan_id is None:
        messages.success(request, f"{welcome}You have joined {invitation.organisation.name} as {invitation.role.name}.")
        return redirect("orgs:detail", invitation.organisation.pk)
    if ActionPlan.objects.visible_to(request.user).filter(pk=invitation.plan_id).exists():
        messages.success(request, f"{welcome}You can now see the action plan {invitation.plan.title}.")
        return redirect("plans:detail", invitation.plan_id)
    messages.warning(request, f"{welcome}The action you were invited for has since been given to someone else.")
    return redirect("accounts:profile")


@login_not_required
@require_http_methods(["GET", "POST"])
def accept_invitation(request, token):
    return _accept_page(request, actions.find_invitation(token))


@login_not_required
@require_http_methods(["GET", "POST"])
def accept_plan_invitation(request, token):
    return _accept_page(request, actions.find_plan_invitation(token))


def _accept_page(request, invitation):
    try:
        actions.check_usable(invitation)
    except InvitationError as exc:
        return _problem(request, exc)

    context = {"invitation": invitation, "organisation": invitation.organisation, "role": invitation.role}
    user = request.user
    signed_in = user.is_authenticated
    if signed_in and user.email.lower() != invitation.email.lower():
        return render(request, "accounts/invitation_wrong_person.jinja", context)

    if invitation.existing_user() is not None:
        if not signed_in:
            context["sign_in_url"] = f"{reverse('accounts:sign-in')}?next={request.path}"
            return render(request, "accounts/invitation_sign_in.jinja", context)
        if request.method == "POST":
            try:
                actions.accept_invitation_existing_person(invitation=invitation, user=user)
            except InvitationError as exc:
                return _problem(request, exc)
            return _joined(request, invitation, "")
        return render(request, "accounts/invitation_accept.jinja", context)

    form = forms.AcceptInvitationForm(request.POST or None, email=invitation.email)
    if request.method == "POST" and form.is_valid():
        try:
            new_user = actions.accept_invitation_new_person(
                invitation=invitation,
                full_name=form.cleaned_data["full_name"],
                job_title=form.cleaned_data["job_title"],
                password=form.cleaned_data["password1"],
            )
        except InvitationError as exc:
            return _problem(request, exc)
        login(request, new_user, backend=MODEL_BACKEND)
        return _joined(request, invitation, "Welcome to Lodestar. ")
    return render(request, "accounts/invitation_new_person.jinja", {**context, "form": form})


@require_http_methods(["GET", "POST"])
def profile_edit(request):
    """A person changes their own name and job title; a refusal changes nothing."""
    person = request.user
    form = forms.ProfileForm(
        request.POST or None, initial={"full_name": person.full_name, "job_title": person.job_title}
    )
    if request.method == "POST" and form.is_valid():
        try:
            actions.update_profile(actor=person, user=person, **form.cleaned_data)
        except ValidationProblem as problem:
            add_problems(form, problem)
        else:
            messages.success(request, "Your name and job title have been saved.")
            return redirect("accounts:profile")
    return render(request, "accounts/profile_edit.jinja", {"form": form})
