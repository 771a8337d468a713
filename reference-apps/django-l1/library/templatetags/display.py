"""Tags of the pages, after `load display`: `show object field` (one value of an object as the pages show it) and
`options field` (the <option>s of a list's filter)."""

from django import template
from django.db import models
from django.forms import BoundField, NullBooleanSelect
from django.forms.widgets import ChoiceWidget
from django.template.defaultfilters import linebreaksbr
from django.utils.html import format_html, format_html_join
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


@register.simple_tag
def options(field: BoundField) -> SafeString:
    """A filter's <option>s but its empty one (the template writes its own, "<label>: any"), the chosen one
    selected as the field's widget would select it.

    The same options as a loop over `field.subwidgets` in the template, which builds an object for each option and
    looks up three of its attributes: a reference's <select> lists up to 100 rows, on every list page.
    """
    widget = field.field.widget
    if not isinstance(widget, ChoiceWidget):
        raise TypeError(f"options: the {field.name} filter is not a <select> but a {type(widget).__name__}")
    empty = "unknown" if isinstance(widget, NullBooleanSelect) else ""  # a yes/no filter's "either"
    # The chosen values as text: a list, or a yes/no select's one string; `in` reads both, as Django's own
    # ChoiceWidget.optgroups() does.
    chosen = widget.format_value(field.value())
    return format_html_join(
        "\n",
        '<option value="{}"{}>{}</option>',
        (
            (value, " selected" if str(value) in chosen else "", label)
            for value, label in widget.choices
            if str(value) != empty
        ),
    )
