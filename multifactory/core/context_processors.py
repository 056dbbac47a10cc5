from django.conf import settings


def shell(request) -> dict:
    """What the page shell needs on every page: the languages and unread count."""
    person = getattr(request, "user", None)
    unread = 0
    if person is not None and person.is_authenticated:
        unread = person.notifications.filter(read_at__isnull=True).count()
    return {"LANGUAGES_AVAILABLE": settings.LANGUAGES, "unread_notifications": unread}
