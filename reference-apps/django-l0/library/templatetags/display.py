"""The `show` tag (`show object field`, after `load display`): one value of an object as the pages show it."""

from django import template
from django.db import models
from django.template.defaultfilters import linebreaksbr
from django.utils.html import format_html
from django.utils.safestring import SafeString

register = template.Library()


def shorten(text: str, limit: int) -> str:
    """The text cut to `limit` characters, the last an ellipsis, as `truncatechars` cuts it. A list page cuts
    hundreds of values; `truncatechars` looks up the ellipsis's translation for each, this does not."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


@register.simple_tag
def show(obj: models.Model, field: models.Field, limit: int = 0, link: bool = False) -> SafeString:
    """The value as text: choices by their label, Yes/No, dates without seconds, another object as a link to it.

    `limit` cuts the text short (list pages); `link` makes the value a link to `obj` itself (a list's first column).
    """
    value = getattr(obj, field.name)
    url = obj.get_absolute_url() if link else ""
    if value is None or value == "":
        text, kind = "—", "empty"
    elif field.choices:
        text, kind = str(getattr(obj, f"get_{field.name}_display")()), "text"
    elif isinstance(value, bool):
        text, kind = ("Yes", "yes") if value else ("No", "no")
    elif isinstance(value, models.Model):
        text, kind, url = str(value), "text", url or value.get_absolute_url()
    elif hasattr(value, "strftime"):
        text, kind = value.strftime("%Y-%m-%d %H:%M" if hasattr(value, "hour") else "%Y-%m-%d"), "text"
    else:
        text, kind = str(value), "text"
    if limit:
        text = shorten(text, limit)
    if url:
        return format_html('<a href="{}">{}</a>', url, text)
    if not limit:
        return format_html('<span class="cell-{}">{}</span>', kind, linebreaksbr(text))
    return format_html('<span class="cell-{}">{}</span>', kind, text)
