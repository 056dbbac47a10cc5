"""Template tags of the page shell that read every capability: `{% load shell %}`."""

from django import template

from multifactory.site.context_processors import is_member
from multifactory.site.navigation import multifactory_sections

register = template.Library()


@register.simple_tag(takes_context=True)
def sections_of(context, multifactory) -> list[dict]:
    """`{% sections_of mf as sections %}`: the sections of `multifactory` this viewer
    may open (multifactory.site.navigation), for the bar and the "Explore" card."""
    if not multifactory:
        return []
    request = context.get("request")
    match = getattr(request, "resolver_match", None)
    if match and match.kwargs.get("mf") == multifactory.slug:
        # The shell already knows (lazily, once per page) for the address's multifactory.
        member = bool(context.get("nav_is_member"))
    else:
        member = request is not None and is_member(request, multifactory)
    return multifactory_sections(
        multifactory,
        is_member=member,
        current_view=context.get("nav_view", ""),
    )
