from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponse

sign_in = login_not_required(auth_views.LoginView.as_view(template_name="accounts/sign_in.jinja"))


def sign_out(request):
    return HttpResponse("Not built yet", status=501)


def profile(request):
    return HttpResponse("Not built yet", status=501)


def locked_out(request, credentials, *args, **kwargs):
    return HttpResponse("Too many failed sign-in attempts. Try again in 15 minutes.", status=429)
