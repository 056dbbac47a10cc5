"""The sections of a multifactory: one list for its navigation bar and for the
"Explore" card of its home page, so the two never disagree."""

from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Section:
    view_name: str
    label: str | Promise
    # The page is "current" for this exact view, or for any view of an app whose
    # name ends in ":" (every page of the place is under "Spaces and bookings").
    current_for: str
    members_only: bool = True


SECTIONS = [
    Section("community:directory", _("Companies"), "community:directory", False),
    Section("community:people", _("People"), "community:people"),
    Section("community:mandates", _("Mandates"), "community:mandates"),
    Section("place:resources", _("Spaces and bookings"), "place:"),
    Section("governance:proposals", _("Proposals and decisions"), "governance:"),
    Section("audit:trail", _("Audit trail"), "audit:trail"),
]


def multifactory_sections(
    multifactory, *, is_member: bool, current_view: str = ""
) -> list[dict]:
    """The sections a viewer may open, as {label, url, current, view_name}.

    Visitors see only the public ones; a capability whose app is not installed
    has no address and is left out.
    """
    sections = []
    for section in SECTIONS:
        if section.members_only and not is_member:
            continue
        try:
            url = reverse(section.view_name, kwargs={"mf": multifactory.slug})
        except NoReverseMatch:
            continue
        if section.current_for.endswith(":"):
            current = current_view.startswith(section.current_for)
        else:
            current = current_view == section.current_for
        sections.append(
            {
                "view_name": section.view_name,
                "label": section.label,
                "url": url,
                "current": current,
            }
        )
    return sections
