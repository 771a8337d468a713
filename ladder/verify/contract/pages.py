"""The HTML pages of each entity: the login form, list / detail / new / edit pages, forms posted as a browser
posts them (hidden inputs such as the CSRF token echoed back) and redirected to the detail page, delete, and
anonymous posts sent to the login page."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from urllib.parse import urljoin

import requests

from ladder.verify.contract.checks import (
    ANY_REDIRECT,
    FORM_REDIRECTS,
    LOGIN_PATH,
    LOGOUT_PATH,
    PAGE_SIZE,
    CheckFailed,
    expect,
)
from ladder.verify.contract.client import Http, describe, json_body
from ladder.verify.contract.driver import DriverBase, EntityState
from ladder.verify.contract.forms import control_names, detail_id, parse_forms, pick_form
from ladder.verify.contract.model import editable_fields, patch_field
from ladder.verify.contract.values import fresh_value, object_problems, to_form


class PageChecks(DriverBase):
    """The HTML checks of one entity, signed in as a browser would be."""

    def sign_in(self, http: Http) -> requests.Response:
        """Sign `http` in through the login form, as a browser does (the session cookie kept in its jar)."""
        page = http.get(LOGIN_PATH)
        expect(page.status_code == 200, describe(page))
        form = next((f for f in parse_forms(page.text) if f.has_password()), None)
        expect(form is not None, f"no form with a password input at {page.url}")
        assert form is not None
        resp = http.submit(page, form, {"username": self.target.username, "password": self.target.password})
        location = resp.headers.get("Location", "")
        expect(
            resp.status_code in ANY_REDIRECT and "/accounts/login" not in location,
            f"login refused: {describe(resp, show_body=False)}",
        )
        return resp

    def html_login(self) -> str:
        resp = self.sign_in(self.web)
        return f"{resp.status_code} to {resp.headers.get('Location', '')}"

    def log_out(self, http: Http) -> requests.Response:
        """Post the logout form: the navigation's (on the home page) or the logout page's."""
        for path in ("/", LOGOUT_PATH):
            page = http.get(path)
            form = next(
                (f for f in parse_forms(page.text) if f.method == "post" and f.target(page.url).endswith(LOGOUT_PATH)),
                None,
            )
            if form is not None:
                return http.submit(page, form, {})
        raise CheckFailed(f"no form posting to {LOGOUT_PATH} on / nor at {LOGOUT_PATH}")

    def html_logout(self, state: EntityState) -> str:
        """Logging out ends the session itself: a copy of its cookies, kept from before, can no longer write."""
        user, copy = Http(self.target.base_url), Http(self.target.base_url)
        self.sign_in(user)
        copy.session.cookies = user.session.cookies.copy()
        path = f"/{state.plural}/new/"
        page = copy.get(path)
        expect(LOGIN_PATH not in page.url, f"the copied cookies are not signed in: GET {path} went to {page.url}")
        form = pick_form(parse_forms(page.text), state.entity_field_names())
        expect(form is not None, f"GET {path} has no form with the entity's fields")
        assert form is not None
        out = self.log_out(user)
        expect(out.status_code in ANY_REDIRECT, f"logout: {describe(out)}")
        again = copy.get(path, allow_redirects=False)
        expect(
            again.status_code in ANY_REDIRECT and LOGIN_PATH in again.headers.get("Location", ""),
            f"GET {path} with the cookies kept from before the logout: {describe(again, show_body=False)}",
        )
        before = self.count(state)
        sent = self.payload(state.entity)
        post = copy.submit(page, form, to_form(state.entity, sent))
        if self.count(state) != before:
            self.adopt_strays(state, sent)
            raise CheckFailed(f"the kept cookies still write: {describe(post, show_body=False)}")
        expect(
            post.status_code in (400, 403) or LOGIN_PATH in post.headers.get("Location", ""),
            f"POST {path} with the kept cookies: {describe(post, show_body=False)}",
        )
        return f"{out.status_code} on logout; the kept cookies sent to the login page, their post {post.status_code}"

    def html_get(self, http: Http, path: str, params: Mapping[str, str] | None = None) -> requests.Response:
        resp = http.get(path, params=params)
        expect(resp.status_code == 200, describe(resp))
        return resp

    def signed_in_get(self, path: str) -> requests.Response:
        resp = self.html_get(self.web, path)
        expect(
            LOGIN_PATH.rstrip("/") not in resp.url,
            f"GET {path} was sent to {resp.url}: not signed in",
        )
        return resp

    def html_list(self, state: EntityState) -> str:
        path = f"/{state.plural}/"
        self.html_get(self.public, path)
        self.html_get(self.public, path, params={"q": state.search_q or self.factory.token})
        if self.count(state) > PAGE_SIZE:
            self.html_get(self.public, path, params={"page": "2"})
            return "200 for the list, ?q= and ?page=2"
        return "200 for the list and ?q= (?page=2 not tried: 20 rows or fewer)"

    def html_detail(self, state: EntityState) -> str:
        self.html_get(self.public, f"/{state.plural}/{state.main_pk()}/")
        return "200"

    def html_new_form(self, state: EntityState) -> str:
        resp = self.signed_in_get(f"/{state.plural}/new/")
        wanted = [f["name"] for f in editable_fields(state.entity)]
        missing = [n for n in wanted if n not in control_names(resp.text)]
        expect(not missing, f"GET /{state.plural}/new/ has no inputs named {missing}")
        return f"200 with inputs {wanted}"

    def html_anonymous_create(self, state: EntityState) -> str:
        anonymous = Http(self.target.base_url)
        # This may land on the login page; the token of its form will do.
        page = anonymous.get(f"/{state.plural}/new/")
        forms = parse_forms(page.text)
        form = pick_form(forms, state.entity_field_names()) if forms else None
        form = form or next((f for f in forms if f.hidden_inputs()), None)
        data = form.hidden_inputs() if form else {}
        sent = self.payload(state.entity)
        data.update(to_form(state.entity, sent))
        before = self.count(state)
        resp = anonymous.post(f"/{state.plural}/new/", data=data, headers={"Referer": page.url})
        after = self.count(state)
        if after != before:
            self.adopt_strays(state, sent)
        urls = [r.headers.get("Location", "") for r in resp.history] + [resp.url]
        expect(
            bool(resp.history) and any("/accounts/login" in u for u in urls),
            f"not sent to the login page: {describe(resp)}",
        )
        expect(after == before, f"count {before} -> {after} after an anonymous form post")
        return f"sent to {resp.url}, nothing stored"

    def submit(self, state: EntityState, path: str, payload: Mapping[str, Any]) -> requests.Response:
        """Load the form at `path` signed in, fill it from `payload` and post it (redirects not followed)."""
        page = self.signed_in_get(path)
        form = pick_form(parse_forms(page.text), state.entity_field_names())
        expect(form is not None, f"GET {path} has no form with the entity's fields")
        assert form is not None
        return self.web.submit(page, form, to_form(state.entity, payload))

    def redirected_detail(self, state: EntityState, resp: requests.Response) -> str:
        expect(resp.status_code in FORM_REDIRECTS, f"no 302/303: {describe(resp)}")
        location = urljoin(resp.url, resp.headers.get("Location", ""))
        pk = detail_id(location, self.target.base_url, state.plural)
        expect(pk is not None, f"redirected to {location!r}, not /{state.plural}/<id>/")
        assert pk is not None
        return pk

    def html_create(self, state: EntityState) -> str:
        sent = self.payload(state.entity)
        resp = self.submit(state, f"/{state.plural}/new/", sent)
        try:
            pk = self.redirected_detail(state, resp)
        except CheckFailed:
            self.adopt_strays(state, sent)
            raise
        got = json_body(self.public.get(self.item_path(state, pk)))
        self.remember(state, got)
        state.html_pk, state.html_sent = str(pk), sent
        problems = object_problems(state.entity, sent, got, wall_clock=True)
        expect(not problems, f"stored from the form: {'; '.join(problems)}")
        return f"{resp.status_code} to /{state.plural}/{pk}/, stored as posted"

    def html_edit(self, state: EntityState) -> str:
        pk, sent = state.html_object()
        f = patch_field(state.entity)
        expect(f is not None, "the entity has no editable field to change")
        assert f is not None
        changed = dict(sent, **{f["name"]: fresh_value(self.factory, f, sent.get(f["name"]))})
        resp = self.submit(state, f"/{state.plural}/{pk}/edit/", changed)
        expect(
            self.redirected_detail(state, resp) == pk,
            f"redirected to {resp.headers.get('Location')}",
        )
        got = json_body(self.public.get(self.item_path(state, pk)))
        problems = object_problems(state.entity, {f["name"]: changed[f["name"]]}, got, wall_clock=True)
        expect(not problems, f"edit not visible through the API: {'; '.join(problems)}")
        state.html_sent = changed
        return f"{resp.status_code} to the detail page, {f['name']} changed"

    def html_delete(self, state: EntityState) -> str:
        pk, _ = state.html_object()
        path = f"/{state.plural}/{pk}/delete/"
        # The delete button: on the detail page (a form posting to .../delete/), or on the confirmation page
        # at .../delete/ (a form posting to its own URL).
        page = self.html_get(self.web, f"/{state.plural}/{pk}/")
        form = next((f for f in parse_forms(page.text) if f.method == "post" and path in f.target(page.url)), None)
        if form is None:
            page = self.signed_in_get(path)
            form = next((f for f in parse_forms(page.text) if f.method == "post" and path in f.target(page.url)), None)
        expect(form is not None, f"no form posting to {path} on the detail page nor at {path}")
        assert form is not None
        resp = self.web.submit(page, form, {})
        expect(resp.status_code in ANY_REDIRECT, f"no redirect: {describe(resp)}")
        gone = self.public.get(self.item_path(state, pk))
        expect(gone.status_code == 404, f"still there after the delete: {describe(gone)}")
        self.forget(state, pk)
        return f"{resp.status_code}, then 404 through the API"
