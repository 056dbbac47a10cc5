from django.conf import settings
from django.utils import translation


class PersonLanguageMiddleware:
    """A logged-in person sees pages in their own language unless they just switched.

    The language switch sets a cookie (and the person's preference); without a cookie
    the stored preference wins over the browser's Accept-Language.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        person = getattr(request, "user", None)
        if (
            person is not None
            and person.is_authenticated
            and settings.LANGUAGE_COOKIE_NAME not in request.COOKIES
            and not request.path.startswith("/api/")
        ):
            translation.activate(person.language)
            request.LANGUAGE_CODE = person.language
        return self.get_response(request)
