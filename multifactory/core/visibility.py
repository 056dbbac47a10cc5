from django.db import models
from django.utils.translation import gettext_lazy as _


class Visibility(models.TextChoices):
    """Who may read a thing; shared by every capability that publishes something."""

    COMPANY = "company", _("My company")
    COMMUNITY = "community", _("This multifactory")
    NETWORK = "network", _("The network of multifactories")
    PUBLIC = "public", _("Everyone (public)")
