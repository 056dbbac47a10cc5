"""JSON API of the community: multifactories, companies, people, memberships,
mandates and invitations. Same services, selectors and access functions as the pages.

Decisions of the managing body are not accepted from API clients: the governance
capability passes the decision itself to the services, which check it
(``access.decision_require``), so a caller cannot claim a decision to skip the
mandate check.
"""

from datetime import date, datetime

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db.models import Q
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from ninja import Field, Query, Router, Schema, Status

from multifactory.api.auth import ApiRequest, person_of, public_auth
from multifactory.api.errors import ErrorOut
from multifactory.api.fields import Id
from multifactory.api.pagination import Page, PageParams, paginate
from multifactory.community import access, selectors, services
from multifactory.community.models import (
    Invitation,
    Mandate,
    MandateKind,
    Membership,
    Multifactory,
    Organization,
    OrganizationKind,
    OrganizationStatus,
    Person,
    Role,
    Sector,
    Stage,
)
from multifactory.core.throttle import by_value, throttle

router = Router(tags=["community"])

NO_SUCH_PERSON = _("No such person in this multifactory.")
NO_SUCH_MANDATE = _("No such mandate in this multifactory.")
NAME_REQUIRED = _("Tell us your full name.")
PASSWORD_REQUIRED = _("Choose a password for your new account.")
NOTHING_TO_CHANGE = _("Send at least one field to change.")

# Messages of multi-column constraints, which Django reports for no field: the API
# names the field a client has to fix.
CONSTRAINT_FIELDS = {services.ORG_SLUG_TAKEN: "slug", services.ORG_NAME_TAKEN: "name"}


def _with_fields(error: ValidationError) -> ValidationError:
    if not hasattr(error, "error_dict"):
        return error
    # Compared as text in the language of the request.
    field_of = {str(message): field for message, field in CONSTRAINT_FIELDS.items()}
    fields = error.message_dict
    for message in list(fields.get(NON_FIELD_ERRORS, [])):
        if message in field_of:
            fields[NON_FIELD_ERRORS].remove(message)
            fields.setdefault(field_of[message], []).append(message)
    return ValidationError({k: v for k, v in fields.items() if v})


def _changes(payload: Schema) -> dict:
    changes = payload.model_dump(exclude_unset=True)
    if not changes:
        raise ValidationError(NOTHING_TO_CHANGE)
    return changes


# Schemas --------------------------------------------------------------------------


class MultifactoryOut(Schema):
    id: int
    slug: str
    name: str
    address: str
    time_zone: str
    currency: str
    languages: list[str]
    description: str
    public_page: str
    is_public: bool


class MultifactoryIn(Schema):
    name: str
    slug: str = ""
    address: str = ""
    time_zone: str = "Europe/Rome"
    currency: str = "EUR"
    languages: list[str] = ["en", "it"]
    description: str = ""
    public_page: str = ""
    is_public: bool = True


class MultifactoryPatch(Schema):
    # None marks a field left out (left unchanged); the types stay non-optional so
    # that an explicit null is refused: hence the ignores.
    name: str = None  # type: ignore[assignment]
    slug: str = None  # type: ignore[assignment]
    address: str = None  # type: ignore[assignment]
    time_zone: str = None  # type: ignore[assignment]
    currency: str = None  # type: ignore[assignment]
    languages: list[str] = None  # type: ignore[assignment]
    description: str = None  # type: ignore[assignment]
    public_page: str = None  # type: ignore[assignment]
    is_public: bool = None  # type: ignore[assignment]


class OrganizationOut(Schema):
    id: int
    slug: str
    name: str
    legal_name: str
    kind: OrganizationKind
    sector: Sector
    stage: Stage
    produces: str
    description: str
    website: str
    is_public: bool
    status: OrganizationStatus
    applied_on: date | None
    joined_on: date | None
    leaving_on: date | None
    left_on: date | None
    people_count: int


class OrganizationIn(Schema):
    name: str
    kind: OrganizationKind
    sector: Sector
    stage: Stage
    status: OrganizationStatus = OrganizationStatus.APPLICANT
    slug: str = ""
    legal_name: str = ""
    produces: str = ""
    description: str = ""
    website: str = ""
    is_public: bool = False


class OrganizationPatch(Schema):
    # None marks a field left out (left unchanged); the types stay non-optional so
    # that an explicit null is refused: hence the ignores.
    name: str = None  # type: ignore[assignment]
    legal_name: str = None  # type: ignore[assignment]
    kind: OrganizationKind = None  # type: ignore[assignment]
    sector: Sector = None  # type: ignore[assignment]
    stage: Stage = None  # type: ignore[assignment]
    produces: str = None  # type: ignore[assignment]
    description: str = None  # type: ignore[assignment]
    website: str = None  # type: ignore[assignment]
    is_public: bool = None  # type: ignore[assignment]


class DirectoryFilters(Schema):
    kind: OrganizationKind | None = None
    sector: Sector | None = None
    stage: Stage | None = None
    status: OrganizationStatus | None = Field(
        None, description="Members only; active companies by default."
    )
    search: str = Field("", max_length=100)


class StatusIn(Schema):
    status: OrganizationStatus
    on: date | None = Field(None, description="Defaults to today.")


class PersonBrief(Schema):
    id: int
    full_name: str
    email: str


class CompanyRole(Schema):
    organization: str = Field(description="The company's slug.")
    organization_name: str
    role: Role

    @staticmethod
    def resolve_organization(obj) -> str:
        return obj.organization.slug

    @staticmethod
    def resolve_organization_name(obj) -> str:
        return obj.organization.name


class PersonOut(Schema):
    id: int
    full_name: str
    email: str
    memberships: list[CompanyRole]

    @staticmethod
    def resolve_memberships(obj) -> list:
        return obj.memberships_here


class MeOut(Schema):
    id: int
    email: str
    full_name: str
    language: str


class MePatch(Schema):
    # None marks a field left out (left unchanged); the types stay non-optional so
    # that an explicit null is refused: hence the ignores.
    full_name: str = None  # type: ignore[assignment]
    language: str = None  # type: ignore[assignment]


class MembershipOut(Schema):
    id: int
    person: PersonBrief
    role: Role
    created_at: datetime


class MembershipIn(Schema):
    person_id: Id = Field(description="A person already in this multifactory.")
    role: Role = Role.MEMBER


class RoleIn(Schema):
    role: Role


class MandateOut(Schema):
    id: int
    person: PersonBrief
    kind: MandateKind
    title: str
    scope: str
    starts_on: date
    ends_on: date | None
    basis: str
    decision_reference: str
    revoked_at: datetime | None
    revoked_reason: str
    is_active: bool

    @staticmethod
    def resolve_is_active(obj) -> bool:
        return obj.is_active()


class MandateIn(Schema):
    person_id: Id
    kind: MandateKind
    title: str = ""
    scope: str = ""
    starts_on: date | None = None
    ends_on: date | None = None


class MandateFilters(Schema):
    active_only: bool = True
    person_id: Id | None = None


class RevokeIn(Schema):
    reason: str = Field("", max_length=250)


class InvitationOut(Schema):
    id: int
    organization: str
    email: str
    role: Role
    state: str
    expires_at: datetime
    created_at: datetime
    invited_by: str | None

    @staticmethod
    def resolve_organization(obj) -> str:
        return obj.organization.slug

    @staticmethod
    def resolve_invited_by(obj) -> str | None:
        return str(obj.invited_by) if obj.invited_by else None


class InvitationIn(Schema):
    email: str
    role: Role = Role.MEMBER


class AcceptIn(Schema):
    token: str = Field(max_length=200)
    full_name: str = Field("", description="Only when you have no account yet.")
    password: str = Field("", description="Only when you have no account yet.")


class AcceptOut(Schema):
    multifactory: str
    organization: str
    role: Role
    person: PersonBrief

    @staticmethod
    def resolve_multifactory(obj) -> str:
        return obj.multifactory.slug

    @staticmethod
    def resolve_organization(obj) -> str:
        return obj.organization.slug


# Helpers --------------------------------------------------------------------------


def _person_here(multifactory: Multifactory, person_id: int, field: str) -> Person:
    """A person of a company of this multifactory, else a field error."""
    person = (
        Person.objects.filter(
            pk=person_id, memberships__multifactory=multifactory, is_active=True
        )
        .distinct()
        .first()
    )
    if person is None:
        raise ValidationError({field: NO_SUCH_PERSON})
    return person


def _with_people_count(organization: Organization) -> Organization:
    # The same figure as the selector's annotation, for a single company.
    organization.people_count = organization.memberships.count()  # type: ignore[attr-defined]
    return organization


def _person_with_memberships(person: Person, multifactory: Multifactory) -> Person:
    person.memberships_here = list(  # type: ignore[attr-defined]  # shown, not stored
        Membership.objects.filter(person=person, multifactory=multifactory)
        .select_related("organization")
        .order_by("organization__name")
    )
    return person


# Multifactories -------------------------------------------------------------------


@router.get(
    "/multifactories",
    response=Page[MultifactoryOut],
    auth=public_auth,
    summary="List the public multifactories and mine",
)
def multifactory_list(
    request: ApiRequest,
    page: Query[PageParams],
    mine: bool = Query(False, description="Only the ones I belong to."),
):
    person = person_of(request)
    if mine:
        multifactories = selectors.multifactories_of(person)
    else:
        mine_ids = selectors.multifactories_of(person).values("pk")
        multifactories = Multifactory.objects.filter(
            Q(is_public=True) | Q(pk__in=mine_ids)
        ).order_by("name")
    return paginate(request, multifactories, page)


@router.post(
    "/multifactories",
    response={201: MultifactoryOut},
    summary="Found a multifactory (you get its founder mandate)",
)
def multifactory_create(request: ApiRequest, payload: MultifactoryIn):
    return Status(
        201, services.multifactory_create(by=request.auth, **payload.model_dump())
    )


@router.get(
    "/m/{slug}", response=MultifactoryOut, auth=public_auth, summary="A multifactory"
)
def multifactory_get(request: ApiRequest, slug: str):
    return access.multifactory_get(slug)


@router.patch(
    "/m/{slug}",
    response=MultifactoryOut,
    summary="Update a multifactory (founder mandate)",
)
def multifactory_update(request: ApiRequest, slug: str, payload: MultifactoryPatch):
    multifactory = access.multifactory_get(slug)
    access.mandate_require(request.auth, multifactory, MandateKind.FOUNDER)
    return services.multifactory_update(
        by=request.auth, multifactory=multifactory, **_changes(payload)
    )


# Member companies -----------------------------------------------------------------


@router.get(
    "/m/{slug}/companies",
    response=Page[OrganizationOut],
    auth=public_auth,
    summary="The member directory",
)
def organization_list(
    request: ApiRequest,
    slug: str,
    page: Query[PageParams],
    filters: Query[DirectoryFilters],
):
    multifactory = access.multifactory_get(slug)
    organizations = selectors.organization_list(
        viewer=person_of(request),
        multifactory=multifactory,
        kind=filters.kind or "",
        sector=filters.sector or "",
        stage=filters.stage or "",
        status=filters.status or "",
        search=filters.search,
    )
    return paginate(request, organizations, page)


@router.post(
    "/m/{slug}/companies",
    response={201: OrganizationOut},
    summary="Record a member company (founder mandate)",
)
def organization_create(request: ApiRequest, slug: str, payload: OrganizationIn):
    multifactory = access.multifactory_get(slug)
    access.mandate_require(request.auth, multifactory, MandateKind.FOUNDER)
    try:
        organization = services.organization_create(
            by=request.auth, multifactory=multifactory, **payload.model_dump()
        )
    except ValidationError as error:
        raise _with_fields(error) from error
    return Status(201, _with_people_count(organization))


@router.get(
    "/m/{slug}/companies/{org}",
    response=OrganizationOut,
    auth=public_auth,
    summary="A company's profile",
)
def organization_get(request: ApiRequest, slug: str, org: str):
    multifactory = access.multifactory_get(slug)
    organization = access.organization_get_for_person(
        person_of(request), multifactory, org
    )
    return _with_people_count(organization)


@router.patch(
    "/m/{slug}/companies/{org}",
    response=OrganizationOut,
    summary="Update a company's profile (its representatives)",
)
def organization_update(
    request: ApiRequest, slug: str, org: str, payload: OrganizationPatch
):
    multifactory = access.multifactory_get(slug)
    organization = access.organization_get_for_person(
        request.auth, multifactory, org, write=True
    )
    try:
        services.organization_update_profile(
            by=request.auth, organization=organization, **_changes(payload)
        )
    except ValidationError as error:
        raise _with_fields(error) from error
    return _with_people_count(organization)


@router.post(
    "/m/{slug}/companies/{org}/status",
    response=OrganizationOut,
    summary="Move a company along applicant → member → leaving → former",
)
def organization_set_status(
    request: ApiRequest, slug: str, org: str, payload: StatusIn
):
    multifactory = access.multifactory_get(slug)
    access.mandate_require(request.auth, multifactory, MandateKind.FOUNDER)
    organization = access.organization_get_for_person(
        request.auth, multifactory, org, write=True
    )
    services.organization_set_status(
        by=request.auth,
        organization=organization,
        status=payload.status,
        on=payload.on,
    )
    return _with_people_count(organization)


# People ---------------------------------------------------------------------------


@router.get("/me", response=MeOut, summary="Who I am")
def me_get(request: ApiRequest):
    return request.auth


@router.patch("/me", response=MeOut, summary="Change my name or language")
def me_update(request: ApiRequest, payload: MePatch):
    return services.person_update_profile(
        by=request.auth, person=request.auth, **_changes(payload)
    )


@router.get(
    "/m/{slug}/people",
    response=Page[PersonOut],
    summary="The people of the community (members)",
)
def person_list(
    request: ApiRequest,
    slug: str,
    page: Query[PageParams],
    search: str = Query("", max_length=100),
):
    multifactory = access.multifactory_get_for_member(request.auth, slug)
    people = selectors.person_list(multifactory=multifactory, search=search)
    return paginate(request, people, page)


@router.get(
    "/m/{slug}/people/{person_id}", response=PersonOut, summary="A person (members)"
)
def person_get(request: ApiRequest, slug: str, person_id: Id):
    multifactory = access.multifactory_get(slug)
    person = access.person_get_for_member(request.auth, multifactory, person_id)
    return _person_with_memberships(person, multifactory)


# Memberships ----------------------------------------------------------------------


@router.get(
    "/m/{slug}/companies/{org}/memberships",
    response=Page[MembershipOut],
    summary="Who works in a company (members)",
)
def membership_list(request: ApiRequest, slug: str, org: str, page: Query[PageParams]):
    multifactory = access.multifactory_get_for_member(request.auth, slug)
    organization = access.organization_get_for_person(request.auth, multifactory, org)
    return paginate(request, selectors.membership_list(organization=organization), page)


@router.post(
    "/m/{slug}/companies/{org}/memberships",
    response={201: MembershipOut},
    summary="Add a person of this multifactory to a company",
    description="Newcomers join through an invitation instead.",
)
def membership_add(request: ApiRequest, slug: str, org: str, payload: MembershipIn):
    multifactory = access.multifactory_get(slug)
    organization = access.organization_get_for_person(
        request.auth, multifactory, org, write=True
    )
    person = _person_here(multifactory, payload.person_id, "person_id")
    membership = services.membership_add(
        by=request.auth, organization=organization, person=person, role=payload.role
    )
    return Status(201, membership)


@router.patch(
    "/m/{slug}/companies/{org}/memberships/{membership_id}",
    response=MembershipOut,
    summary="Change a person's role in a company",
)
def membership_set_role(
    request: ApiRequest, slug: str, org: str, membership_id: Id, payload: RoleIn
):
    multifactory = access.multifactory_get(slug)
    organization = access.organization_get_for_person(
        request.auth, multifactory, org, write=True
    )
    membership = access.membership_get_for_writer(
        request.auth, multifactory, membership_id, organization=organization
    )
    return services.membership_set_role(
        by=request.auth, membership=membership, role=payload.role
    )


@router.delete(
    "/m/{slug}/companies/{org}/memberships/{membership_id}",
    response={204: None},
    summary="Remove a person from a company (or leave it yourself)",
)
def membership_remove(request: ApiRequest, slug: str, org: str, membership_id: Id):
    multifactory = access.multifactory_get_for_member(request.auth, slug)
    organization = access.organization_get_for_person(request.auth, multifactory, org)
    membership = access.membership_get_for_writer(
        request.auth,
        multifactory,
        membership_id,
        organization=organization,
        leaving=True,
    )
    services.membership_remove(by=request.auth, membership=membership)
    return Status(204, None)


# Mandates -------------------------------------------------------------------------


@router.get(
    "/m/{slug}/mandates",
    response=Page[MandateOut],
    summary="Mandates of the multifactory (members)",
)
def mandate_list(
    request: ApiRequest,
    slug: str,
    page: Query[PageParams],
    filters: Query[MandateFilters],
):
    multifactory = access.multifactory_get_for_member(request.auth, slug)
    person = None
    if filters.person_id is not None:
        person = _person_here(multifactory, filters.person_id, "person_id")
    mandates = selectors.mandate_list(
        multifactory=multifactory, active_only=filters.active_only, person=person
    )
    return paginate(request, mandates, page)


@router.post(
    "/m/{slug}/mandates",
    response={201: MandateOut},
    summary="Give a person a mandate (founder mandate needed)",
)
def mandate_grant(request: ApiRequest, slug: str, payload: MandateIn):
    multifactory = access.multifactory_get(slug)
    access.mandate_require(request.auth, multifactory, MandateKind.FOUNDER)
    fields = payload.model_dump()
    person = _person_here(multifactory, fields.pop("person_id"), "person_id")
    mandate = services.mandate_grant(
        by=request.auth, multifactory=multifactory, person=person, **fields
    )
    return Status(201, mandate)


@router.post(
    "/m/{slug}/mandates/{mandate_id}/revoke",
    response=MandateOut,
    summary="Revoke a mandate (founder mandate)",
)
def mandate_revoke(request: ApiRequest, slug: str, mandate_id: Id, payload: RevokeIn):
    multifactory = access.multifactory_get(slug)
    access.mandate_require(request.auth, multifactory, MandateKind.FOUNDER)
    mandate = Mandate.objects.filter(pk=mandate_id, multifactory=multifactory).first()
    if mandate is None:
        raise Http404(NO_SUCH_MANDATE)
    return services.mandate_revoke(
        by=request.auth, mandate=mandate, reason=payload.reason
    )


# Invitations ----------------------------------------------------------------------


@router.get(
    "/m/{slug}/companies/{org}/invitations",
    response=Page[InvitationOut],
    summary="Invitations of a company (its representatives only)",
)
def invitation_list(request: ApiRequest, slug: str, org: str, page: Query[PageParams]):
    multifactory = access.multifactory_get(slug)
    organization = access.organization_get_for_person(
        request.auth, multifactory, org, write=True
    )
    invitations = (
        Invitation.objects.filter(multifactory=multifactory, organization=organization)
        .select_related("organization", "invited_by")
        .order_by("-created_at", "-id")
    )
    return paginate(request, invitations, page)


@router.post(
    "/m/{slug}/companies/{org}/invitations",
    response={201: InvitationOut, 429: ErrorOut},
    summary="Invite a colleague by e-mail",
    description="The link goes by e-mail only; the response never contains it. "
    "One person may send a limited number of invitations an hour (429 beyond).",
)
def invitation_create(request: ApiRequest, slug: str, org: str, payload: InvitationIn):
    multifactory = access.multifactory_get(slug)
    organization = access.organization_get_for_person(
        request.auth, multifactory, org, write=True
    )
    throttle(request, "invitation", key=by_value(str(request.auth.pk)))
    invitation, _token = services.invitation_create(
        by=request.auth,
        organization=organization,
        email=payload.email,
        role=payload.role,
    )
    return Status(201, invitation)


@router.post(
    "/m/{slug}/invitations/{invitation_id}/revoke",
    response=InvitationOut,
    summary="Withdraw a pending invitation",
)
def invitation_revoke(request: ApiRequest, slug: str, invitation_id: Id):
    multifactory = access.multifactory_get(slug)
    invitation = access.invitation_get_for_writer(
        request.auth, multifactory, invitation_id
    )
    return services.invitation_revoke(by=request.auth, invitation=invitation)


@router.post(
    "/invitations/accept",
    response={201: AcceptOut},
    auth=public_auth,
    summary="Accept an invitation with the token from its e-mail",
    description=(
        "Logged in, you join as yourself. Without an account, send full_name and "
        "password: an account is created for the invited e-mail address."
    ),
)
def invitation_accept(request: ApiRequest, payload: AcceptIn):
    person = person_of(request)
    if person.is_authenticated:
        membership = services.invitation_accept(token=payload.token, person=person)
    else:
        errors = {}
        if not payload.full_name.strip():
            errors["full_name"] = [NAME_REQUIRED]
        if not payload.password:
            errors["password"] = [PASSWORD_REQUIRED]
        if errors:
            services.invitation_check(payload.token)
            raise ValidationError(errors)
        try:
            membership = services.invitation_accept(
                token=payload.token,
                full_name=payload.full_name.strip(),
                password=payload.password,
            )
        except ValidationError as error:
            # The password validators speak about the password.
            if not hasattr(error, "error_dict") and all(
                (e.code or "").startswith("password") for e in error.error_list
            ):
                raise ValidationError({"password": error.messages}) from error
            raise
    return Status(201, membership)
