"""The one way a page finds its multifactory (and, for members' pages, checks the
membership): decorators that turn the address's `mf` slug into `multifactory`.

    @member_view
    def proposal_list(request, multifactory): ...

Put it right above the `def`, below `@require_POST`, so the method is refused before
the address is resolved. Every capability's pages use them, so "which multifactory, and may this person read
its inside" is answered in one place (community.access) and never with a bare
`.objects.get()` in a view.
"""

from collections.abc import Callable
from functools import wraps

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse

from multifactory.community import access

View = Callable[..., HttpResponse]


def multifactory_view(view: View) -> View:
    """The multifactory at `mf`, or 404. Nothing else is checked: for pages a visitor
    may open (their selectors decide what is public) or that check a mandate or a
    company themselves."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args, mf: str, **kwargs) -> HttpResponse:
        multifactory = access.multifactory_get(mf)
        return view(request, *args, multifactory=multifactory, **kwargs)

    return wrapper


def member_view(view: View) -> View:
    """A page of the inside: the visitor is sent to log in, a person who does not
    belong to the multifactory (community.access.is_member_of) gets 403, a slug where
    no multifactory lives 404; the view receives the multifactory."""

    @login_required
    @wraps(view)
    def wrapper(request: HttpRequest, *args, mf: str, **kwargs) -> HttpResponse:
        multifactory = access.multifactory_get_for_member(request.user, mf)
        return view(request, *args, multifactory=multifactory, **kwargs)

    return wrapper
