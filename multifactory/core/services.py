"""Small pieces every capability's services share."""

import logging

from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

# The database's own text names tables and constraints: it goes to the log, never to
# the person, who gets a sentence saying what to do.
CONFLICTS_WITH_EXISTING = _(
    "Someone changed the same data at the same moment: reload the page, check it "
    "and try again."
)

logger = logging.getLogger(__name__)


def save_validated(
    instance: models.Model, *, update_fields: list[str] | None = None
) -> None:
    """full_clean, then save; a race lost on a constraint becomes a ValidationError
    instead of a server error.

    A concurrent writer may commit between our check and our insert; the database
    then refuses the row. Checking the constraints again now sees that writer's row
    and names the rule in the model's own words; the database's text (table and
    constraint names) never reaches a person.
    """
    instance.full_clean()
    try:
        with transaction.atomic():
            instance.save(update_fields=update_fields)
    except IntegrityError as error:
        logger.info(
            "save_validated: %s lost a race: %s", type(instance).__name__, error
        )
        instance.validate_unique()
        instance.validate_constraints()
        raise ValidationError(CONFLICTS_WITH_EXISTING, code="conflict") from error


def unique_slug(
    queryset: models.QuerySet[models.Model],
    name: str,
    *,
    fallback: str,
    max_length: int = 70,
    field: str = "slug",
) -> str:
    """A slug of `name` that no row of `queryset` uses yet: `name`, `name-2`, …"""
    base = slugify(name)[:max_length] or fallback
    taken = set(
        queryset.filter(**{f"{field}__startswith": base}).values_list(field, flat=True)
    )
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    return slug
