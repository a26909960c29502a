from django.http import HttpResponse


def placeholder(request):  # replaced when API tokens are built
    return HttpResponse("Not built yet", status=501)
