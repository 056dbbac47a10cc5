from django.shortcuts import render


def home(request, **kwargs):
    return render(request, "core/home.html")


def permission_denied(request, exception=None):
    return render(request, "403.html", {"exception": exception}, status=403)


def page_not_found(request, exception=None):
    return render(request, "404.html", {"exception": exception}, status=404)


def server_error(request):
    return render(request, "500.html", status=500)
