from django.apps import AppConfig


class SiteConfig(AppConfig):
    """The top: the pages and the API that bring every app together (the home page,
    the profile, the page shell's navigation, the assembled /api/v1/)."""

    name = "multifactory.site"
    label = "site"
