"""Job descriptions are written in Markdown by employers and shown to everyone: rendered,
then sanitised to a small set of tags, so no script, style or event handler gets through."""

import markdown
import nh3
from django import template
from django.utils.safestring import mark_safe

register = template.Library()

# No headings above h3 (the page has its own h1 and h2), no images (no tracking pixels), no tables.
ALLOWED_TAGS = {
    "p",
    "br",
    "strong",
    "em",
    "ul",
    "ol",
    "li",
    "a",
    "h3",
    "h4",
    "blockquote",
    "code",
    "pre",
    "hr",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}


@register.filter(is_safe=True)
def markdown_safe(text: str) -> str:
    """``text`` as sanitised HTML: Markdown, with single line breaks kept as written."""
    html = markdown.markdown(text or "", extensions=["nl2br", "sane_lists"])
    cleaned = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="nofollow noopener noreferrer ugc",
    )
    return mark_safe(cleaned)  # noqa: S308 - nh3 has just sanitised it
