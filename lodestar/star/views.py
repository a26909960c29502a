from django.http import HttpResponse


def placeholder(request):  # replaced when this app is built
    return HttpResponse("Not built yet", status=501)
