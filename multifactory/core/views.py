"""The page shell's own answers: error pages, the login lockout, password reset."""

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.http import HttpResponse
from django.shortcuts import render
from django.template import loader
from django.urls import Resolver404
from django.utils.functional import Promise

from multifactory.core.throttle import Throttled, by_post_field, throttle


def _reason(exception) -> str:
    if exception is None or isinstance(exception, Resolver404):
        return ""
    message = exception.args[0] if exception.args else ""
    return str(message) if isinstance(message, str | Promise) else ""


def permission_denied(request, exception=None):
    if isinstance(exception, Throttled):
        return too_many_requests(request, exception)
    return render(
        request, "403.html", {"exception_message": _reason(exception)}, status=403
    )


def too_many_requests(request, exception: Throttled):
    """A throttle refused the request (core/throttle.py): nothing was done."""
    response = render(
        request, "429.html", {"exception_message": str(exception)}, status=429
    )
    response["Retry-After"] = str(exception.retry_after)
    return response


def page_not_found(request, exception=None):
    return render(
        request, "404.html", {"exception_message": _reason(exception)}, status=404
    )


def server_error(request):
    # No request context: the page must render even when the database is down.
    page = loader.get_template("500.html").render({"nav_multifactory": None})
    return HttpResponse(page, status=500)


def login_locked_out(request, original_response=None, credentials=None):
    """django-axes refused a login (settings.AXES_*): the translated 429 page."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    response = render(
        request,
        "registration/locked_out.html",
        {"lockout_minutes": minutes},
        status=429,
    )
    response["Retry-After"] = str(minutes * 60)
    return response


class PasswordResetView(auth_views.PasswordResetView):
    """Django's, throttled: each request may send an e-mail, so one address may ask
    a few times an hour, and one e-mail address receive a few links an hour."""

    def post(self, request, *args, **kwargs):
        throttle(request, "password_reset")
        throttle(request, "password_reset_email", key=by_post_field("email"))
        return super().post(request, *args, **kwargs)
