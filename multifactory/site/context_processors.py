from django.conf import settings
from django.utils.functional import SimpleLazyObject

from multifactory.community import access
from multifactory.community.models import Multifactory
from multifactory.notifications.selectors import notification_unread_count


def _current_multifactory(request):
    """The multifactory named by the address (/m/<mf>/…), for the navigation bar.

    Lazy: pages that pass their own `multifactory` never pay for this query.
    """
    match = getattr(request, "resolver_match", None)
    slug = match.kwargs.get("mf") if match else None
    if not slug:
        return None
    return Multifactory.objects.filter(slug=slug).first()


def is_member(request, multifactory) -> bool:
    if multifactory is None or not request.user.is_authenticated:
        return False
    return access.is_member_of(request.user, multifactory)


def shell(request) -> dict:
    """What the page shell needs on every page: the languages, the unread count,
    the multifactory of the address and whether the viewer belongs to it."""
    person = getattr(request, "user", None)
    unread = 0
    if person is not None and person.is_authenticated:
        unread = notification_unread_count(person=person)
    match = getattr(request, "resolver_match", None)
    found: dict = {}

    def multifactory():
        if "mf" not in found:
            found["mf"] = _current_multifactory(request)
        return found["mf"]

    return {
        "LANGUAGES_AVAILABLE": settings.LANGUAGES,
        "unread_notifications": unread,
        "nav_multifactory": SimpleLazyObject(multifactory),
        "nav_view": match.view_name if match else "",
        "nav_is_member": SimpleLazyObject(lambda: is_member(request, multifactory())),
    }
