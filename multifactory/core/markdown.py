"""Markdown written by people, rendered to HTML that is safe to show to anyone.

Every capability that shows Markdown (public pages, knowledge pages…) uses
`render_markdown`, so there is one place that decides which HTML survives.
"""

import markdown as markdown_lib
import nh3
from django.utils.safestring import SafeString, mark_safe

ALLOWED_TAGS = {
    "a", "abbr", "blockquote", "br", "code", "dd", "del", "dl", "dt", "em",
    "h1", "h2", "h3", "h4", "h5", "h6", "hr", "img", "li", "ol", "p", "pre",
    "strong", "sub", "sup", "table", "tbody", "td", "th", "thead", "tr", "ul",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "abbr": {"title"},
    "img": {"src", "alt", "title"},
    "th": {"align"},
    "td": {"align"},
}
EXTENSIONS = ["extra", "sane_lists"]


def render_markdown(text: str) -> SafeString:
    """HTML for `text`: Markdown first, then nh3 drops every tag, attribute and URL
    scheme that is not on the allow-lists (scripts, styles, event handlers, javascript:).
    Links get rel="noopener noreferrer nofollow" so they never leak the page."""
    html = markdown_lib.markdown(
        text or "", extensions=EXTENSIONS, output_format="html"
    )
    clean = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer nofollow",
    )
    return mark_safe(clean)  # noqa: S308 – sanitized by nh3 just above
