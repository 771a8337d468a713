"""HTTP as the driver speaks it: a session bound to the app's base URL, and a failed request described
so that it can be reproduced by hand."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any
from urllib.parse import urlsplit

import requests

from ladder.verify.contract.checks import TIMEOUT, CheckFailed
from ladder.verify.contract.forms import HtmlForm, html_text


def short(value: Any, limit: int = 300) -> str:
    text = value if isinstance(value, str) else json.dumps(value, default=str)
    return text if len(text) <= limit else text[:limit] + "..."


def body_snippet(resp: requests.Response) -> str:
    if "html" in resp.headers.get("Content-Type", ""):
        return short(html_text(resp.text))
    return short(resp.text)


def describe(resp: requests.Response, show_body: bool = True) -> str:
    """`METHOD /path?query [body] -> status response`: enough to reproduce a failure by hand."""
    req = resp.request
    parts = urlsplit(req.url or "")
    line = f"{req.method} {parts.path}{'?' + parts.query if parts.query else ''}"
    # A multipart body is left out: its boundaries and part headers would crowd out the answer.
    if show_body and req.body and req.method not in ("GET", "HEAD") and b"Content-Disposition" not in _bytes(req.body):
        sent = req.body.decode(errors="replace") if isinstance(req.body, bytes) else str(req.body)
        line += f" {short(sent, 200)}"
    return f"{line} -> {resp.status_code} {body_snippet(resp)}"


def _bytes(body: bytes | str) -> bytes:
    return body if isinstance(body, bytes) else body.encode()


def submit_form(
    session: requests.Session,
    page: requests.Response,
    form: HtmlForm,
    fields: Mapping[str, str],
    files: Mapping[str, Any] | None = None,
) -> requests.Response:
    """Post `form` of `page` as a browser does: to its action resolved against the page's URL, in its
    enctype (URL-encoded, or multipart when it says so or carries a file), every hidden input echoed back
    (a CSRF token, a framework's action id) with `fields` filled in, from the page's origin; redirects are
    not followed."""
    data = {**form.hidden_inputs(), **fields}
    parts = urlsplit(page.url)
    headers = {"Referer": page.url, "Origin": f"{parts.scheme}://{parts.netloc}"}
    target = form.target(page.url)
    if form.multipart or files:
        # Every field a part of its own (no filename), then the files.
        body = [(name, (None, value)) for name, value in data.items()] + list((files or {}).items())
        return session.post(target, files=body, timeout=TIMEOUT, allow_redirects=False, headers=headers)
    return session.post(target, data=data, timeout=TIMEOUT, allow_redirects=False, headers=headers)


def json_body(resp: requests.Response) -> Any:
    try:
        return resp.json()
    except ValueError as exc:
        raise CheckFailed(f"not JSON: {describe(resp)}") from exc


def json_or_none(resp: requests.Response) -> Any:
    try:
        return resp.json()
    except ValueError:
        return None


class Http:
    """A requests session bound to the app's base URL; every call carries the 10 s timeout."""

    def __init__(self, base_url: str) -> None:
        self.base_url = base_url.rstrip("/")
        self.session = requests.Session()

    def url(self, path: str) -> str:
        return path if path.startswith(("http://", "https://")) else self.base_url + path

    def request(self, method: str, path: str, **kwargs: Any) -> requests.Response:
        return self.session.request(method, self.url(path), timeout=TIMEOUT, **kwargs)

    def get(self, path: str, **kwargs: Any) -> requests.Response:
        return self.request("GET", path, **kwargs)

    def post(self, path: str, **kwargs: Any) -> requests.Response:
        return self.request("POST", path, **kwargs)

    def submit(
        self,
        page: requests.Response,
        form: HtmlForm,
        fields: Mapping[str, str],
        files: Mapping[str, Any] | None = None,
    ) -> requests.Response:
        return submit_form(self.session, page, form, fields, files)
