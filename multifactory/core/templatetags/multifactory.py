"""Template helpers shared by every capability: `{% load multifactory %}`."""

from django import template
from django.forms import BaseForm
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _

from multifactory.core.markdown import render_markdown
from multifactory.core.money import Money, amount_format, money_format

register = template.Library()

ERROR_TITLE_PREFIX = _("Error: ")


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


@register.simple_tag(takes_context=True)
def error_title_prefix(context) -> str:
    """ "Error: " when the page shows a form returned with errors, for the <title>.

    Screen reader users hear the title first: it tells them at once that what they
    sent was not saved. Forms are found among the page's context, whatever their
    name; `type()` (not isinstance) leaves the shell's lazy objects unevaluated.
    """
    for value in context.flatten().values():
        if issubclass(type(value), BaseForm) and value.is_bound and value.errors:
            return str(ERROR_TITLE_PREFIX)
    return ""


@register.filter(name="money")
def money_filter(amount, currency: str = "") -> str:
    """`{{ resource.hourly_cost|money:multifactory.currency }}` (minor units) or
    `{{ amount|money }}` (a Money): written in the person's locale, `1.234,56 €`."""
    if amount is None or amount == "":
        return ""
    if not isinstance(amount, Money):
        try:
            amount = Money(int(amount), currency)
        except (TypeError, ValueError):
            return ""
    return money_format(amount)


@register.filter(name="money_amount")
def money_amount_filter(minor_units, currency: str) -> str:
    """The number alone, as a person types it in a form field: `1.234,56`."""
    try:
        return amount_format(Money(int(minor_units), currency))
    except (TypeError, ValueError):
        return ""
