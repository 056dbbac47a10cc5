"""Every row knows its multifactory (docs/architecture.md, "Tenancy").

The docs once said every community row carries a `multifactory` foreign key, while
thirteen models did not. The true rule, checked here for every model of the package:
a row carries `multifactory`, or lives inside one parent that does (a required
foreign key, deleted with it), or belongs to a person.
"""

from django.apps import apps
from django.db import models

# Rows of a person, not of a community (or the tenancy itself).
PERSONAL = {
    "community.Multifactory",
    "community.Person",
    "notifications.NotificationPreference",
    "api.ApiToken",
}


def package_models():
    return [
        model
        for model in apps.get_models()
        if model.__module__.startswith("multifactory.")
    ]


def has_multifactory(model) -> bool:
    return any(field.name == "multifactory" for field in model._meta.fields)


def parent_of(model):
    """The required, cascading foreign key to a row that carries the multifactory
    (directly or through its own parent), or None."""
    for field in model._meta.fields:
        if (
            isinstance(field, models.ForeignKey)
            and not field.null
            and field.remote_field.on_delete is models.CASCADE
            and field.related_model is not model
            and (
                has_multifactory(field.related_model)
                or parent_of(field.related_model) is not None
            )
        ):
            return field
    return None


def test_every_row_carries_its_multifactory_or_lives_inside_a_parent_that_does():
    orphans = [
        model._meta.label
        for model in package_models()
        if model._meta.label not in PERSONAL
        and not has_multifactory(model)
        and parent_of(model) is None
    ]
    assert orphans == []


def test_the_rows_that_live_inside_a_parent_are_the_documented_ones():
    """docs/architecture.md lists them; a new one belongs in that list too."""
    # By name: the app that holds a model may change (place is being split).
    inside = sorted(
        model.__name__
        for model in package_models()
        if model._meta.label not in PERSONAL and not has_multifactory(model)
    )
    assert inside == [
        "AgendaItem",
        "Application",
        "Attendance",
        "Ballot",
        "BallotRevision",
        "BookingRule",
        "ChoreRotaMember",
        "Elector",
        "Evaluation",
        "OpeningHours",
        "ProposalEffect",
        "Proxy",
        "SecretChoice",
    ]
