"""Template helpers shared by every capability: `{% load multifactory %}`."""

from django import template
from django.utils.safestring import SafeString

from multifactory.core.markdown import render_markdown

register = template.Library()


@register.filter(name="markdown")
def markdown_filter(text: str) -> SafeString:
    """`{{ page.body|markdown }}`: sanitized HTML from Markdown."""
    return render_markdown(text)


@register.filter
def change_rows(changes: dict) -> list[tuple[str, object, object, bool]]:
    """(field, before, after, is_change) rows of an audit event's `changes`.

    Services record either a diff ({field: [before, after]}) or a snapshot of
    the values ({field: value}); a dict whose every value is a pair is a diff.
    """
    if not changes:
        return []
    is_diff = all(isinstance(v, list) and len(v) == 2 for v in changes.values())
    if is_diff:
        return [
            (key, _readable(pair[0]), _readable(pair[1]), True)
            for key, pair in changes.items()
        ]
    return [(key, None, _readable(value), False) for key, value in changes.items()]


def _readable(value):
    """Nested values as text a person reads, not as Python syntax."""
    if isinstance(value, dict):
        return ", ".join(f"{key}: {_readable(item)}" for key, item in value.items())
    if isinstance(value, list):
        return ", ".join(str(_readable(item)) for item in value)
    return value


@register.inclusion_tag("core/_pagination.html", takes_context=True)
def pagination(context, page):
    """Previous/next links that keep the current filters in the address."""
    return {"page": page, "request": context["request"]}
