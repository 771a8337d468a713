"""Reading HTML as a browser would: the forms of a page with their controls (hidden inputs, the CSRF token
or a framework's action id among them, are echoed back on submit), where and how a form posts, a page's
visible text, and the id in a detail URL."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit


@dataclass
class FormControl:
    tag: str
    name: str
    type: str
    value: str


MULTIPART = "multipart/form-data"
URLENCODED = "application/x-www-form-urlencoded"


@dataclass
class HtmlForm:
    action: str
    method: str
    enctype: str = URLENCODED
    controls: list[FormControl] = field(default_factory=list)

    def target(self, page_url: str) -> str:
        """Where a browser posts the form: its action resolved against the page's URL (none, or an empty one,
        is the page's own URL)."""
        return urljoin(page_url, self.action) if self.action else page_url

    @property
    def multipart(self) -> bool:
        return self.enctype == MULTIPART

    def names(self) -> set[str]:
        return {c.name for c in self.controls}

    def hidden_inputs(self) -> dict[str, str]:
        """What a browser sends back untouched: every hidden input (the CSRF token among them)."""
        return {c.name: c.value for c in self.controls if c.tag == "input" and c.type == "hidden"}

    def has_password(self) -> bool:
        return any(c.tag == "input" and c.type == "password" for c in self.controls)


class _FormParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.forms: list[HtmlForm] = []
        self.loose: list[FormControl] = []  # controls outside any <form>
        self._current: HtmlForm | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form":
            # As a browser reads it: an enctype other than multipart (or text/plain, which no app here uses)
            # is the URL encoding.
            enctype = MULTIPART if (a.get("enctype") or "").strip().lower() == MULTIPART else URLENCODED
            self._current = HtmlForm(a.get("action", ""), (a.get("method") or "get").lower(), enctype)
            self.forms.append(self._current)
        elif tag in ("input", "select", "textarea", "button") and a.get("name"):
            kind = (a.get("type") or "text").lower() if tag == "input" else tag
            control = FormControl(tag, a["name"], kind, a.get("value", ""))
            (self._current.controls if self._current else self.loose).append(control)

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._current = None


def parse_forms(html: str) -> list[HtmlForm]:
    parser = _FormParser()
    parser.feed(html)
    parser.close()
    return parser.forms


def control_names(html: str) -> set[str]:
    """Names of every input, select, textarea and button on a page, in a form or not."""
    parser = _FormParser()
    parser.feed(html)
    parser.close()
    names = {c.name for c in parser.loose}
    for form in parser.forms:
        names |= form.names()
    return names


def pick_form(forms: Iterable[HtmlForm], names: Iterable[str]) -> HtmlForm | None:
    """The form holding the most of `names` (the entity's fields), or None if none holds any."""
    wanted = set(names)
    best = max(forms, key=lambda form: len(form.names() & wanted), default=None)
    return best if best is not None and best.names() & wanted else None


_INVISIBLE = ("script", "style", "head", "title")


class _TextParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _INVISIBLE:
            self._skip += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in _INVISIBLE and self._skip:
            self._skip -= 1

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data)


def html_text(html: str) -> str:
    parser = _TextParser()
    parser.feed(html)
    parser.close()
    return " ".join(" ".join(parser.parts).split())


def detail_id(location: str, base_url: str, plural: str) -> str | None:
    """The <id> of a `/<plural>/<id>/` URL (relative or absolute), or None if it is no detail URL."""
    base_path = urlsplit(base_url).path.rstrip("/")
    path = urlsplit(urljoin(base_url.rstrip("/") + "/", location)).path
    if base_path and path.startswith(base_path):
        path = path[len(base_path) :]
    match = re.fullmatch(rf"/{re.escape(plural)}/([^/]+)/?", path)
    if not match or match.group(1) in ("new", "export.csv"):
        return None
    return match.group(1)
