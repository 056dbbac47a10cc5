"""What the pages of the place, its doors and keys and its care share: the
multifactory of a member or of the keys keeper, and a form saved by one service."""

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext_lazy

from multifactory.community import access as community_access
from multifactory.community.models import (
    ACTIVE_STATUSES,
    Organization,
    Person,
)
from multifactory.core.forms import apply_service_errors
from multifactory.place import access


def member_multifactory(request, mf: str):
    multifactory = community_access.multifactory_get(mf)
    access.member_require(request.user, multifactory)
    return multifactory


def is_keeper(person, multifactory) -> bool:
    return bool(
        community_access.active_mandate(person, multifactory, access.PLACE_MANDATE)
    )


def keeper_multifactory(request, mf: str):
    multifactory = member_multifactory(request, mf)
    access.place_mandate_require(request.user, multifactory)
    return multifactory


def saved(request, form, act) -> bool:
    """Whether a posted, valid form was saved by `act(cleaned_data)`; a
    ValidationError the service raises lands on the form instead."""
    if request.method != "POST" or not form.is_valid():
        return False
    try:
        act(form.cleaned_data)
    except ValidationError as error:
        apply_service_errors(form, error)
        return False
    return True


def form_status(request) -> int:
    """A form shown again after a post failed answers 400."""
    return 400 if request.method == "POST" else 200


def people(multifactory):
    return (
        Person.objects.filter(memberships__multifactory=multifactory)
        .distinct()
        .order_by("full_name")
    )


def active_companies(multifactory):
    return Organization.objects.filter(
        multifactory=multifactory, status__in=ACTIVE_STATUSES
    ).order_by("name")


# The API's (request.auth is the person) ---------------------------------------------

NO_SUCH_COMPANY = gettext_lazy("No such company in this multifactory.")
NO_SUCH_PERSON = gettext_lazy("No such person in this multifactory.")


def api_member_multifactory(request: HttpRequest, slug: str):
    """The multifactory of `slug` for the API's authenticated member (404/403)."""
    multifactory = community_access.multifactory_get(slug)
    access.member_require(request.auth, multifactory)
    return multifactory


def company_here(multifactory, slug: str) -> Organization:
    company = Organization.objects.filter(multifactory=multifactory, slug=slug).first()
    if company is None:
        raise ValidationError({"organization": NO_SUCH_COMPANY})
    return company


def person_here(multifactory, person_id: int, field: str) -> Person:
    person = (
        Person.objects.filter(pk=person_id, memberships__multifactory=multifactory)
        .distinct()
        .first()
    )
    if person is None:
        raise ValidationError({field: NO_SUCH_PERSON})
    return person
