"""The contract in the order it is driven: one class made of the sections, and the order of their checks.

Health first, then auth (the API checks carry its token, the HTML checks its session), then per entity in
the order its refs allow: the API checks, then the HTML pages with the CSV export; then a logout ending a
session of its own (a copy of its cookies can no longer write), the 404 page last, then the cleanup of every
row the run created.
"""

from __future__ import annotations

from functools import partial

from ladder.verify.contract.api import ApiChecks
from ladder.verify.contract.auth import AuthChecks
from ladder.verify.contract.checks import CheckResult, Target
from ladder.verify.contract.driver import EntityState
from ladder.verify.contract.export import ExportChecks
from ladder.verify.contract.graphql import run_graphql_contract
from ladder.verify.contract.health import HealthChecks
from ladder.verify.contract.model import entity_order, validation_cases
from ladder.verify.contract.not_found import NotFoundChecks
from ladder.verify.contract.pages import PageChecks


class Driver(HealthChecks, AuthChecks, ApiChecks, PageChecks, ExportChecks, NotFoundChecks):
    """Every section's checks, run in order; each recorded, none stopping the others."""

    def run(self) -> list[CheckResult]:
        self.rec.run("health.live", self.health_live)
        self.rec.run("health.ready", self.health_ready)
        self.rec.run("auth.token", self.auth_token)
        self.rec.run("auth.bad_password", self.auth_bad_password)
        if self.target.html:
            self.rec.run("html.login", self.html_login)
        for entity in entity_order(self.entities):
            state = EntityState(entity)
            self.api_checks(state)
            if self.target.html:
                self.html_checks(state)
        if self.target.html and self.entities:
            first = EntityState(entity_order(self.entities)[0])
            self.rec.run("html.logout_ends_session", lambda: self.html_logout(first))
        self.rec.run("http.not_found", self.not_found)
        self.cleanup()
        return self.rec.results

    def api_checks(self, state: EntityState) -> None:
        prefix = f"api.{state.plural}"
        self.rec.run(f"{prefix}.anonymous_create", lambda: self.api_anonymous_create(state))
        self.rec.run(f"{prefix}.create", lambda: self.api_create(state))
        self.rec.run(f"{prefix}.detail", lambda: self.api_detail(state))
        self.rec.run(f"{prefix}.patch", lambda: self.api_patch(state))
        self.rec.run(f"{prefix}.put", lambda: self.api_put(state))
        self.rec.run(f"{prefix}.list", lambda: self.api_list(state))
        for name in state.entity.get("search") or []:
            self.rec.run(f"{prefix}.search.{name}", partial(self.api_search, state, name))
        self.rec.run(f"{prefix}.pagination", lambda: self.api_pagination(state))
        for rule, f in validation_cases(state.entity):
            check = f"{prefix}.invalid.{rule}.{f['name']}"
            self.rec.run(check, partial(self.api_invalid, state, rule, f))
        self.rec.run(f"{prefix}.delete", lambda: self.api_delete(state))

    def html_checks(self, state: EntityState) -> None:
        prefix = f"html.{state.plural}"
        self.rec.run(f"{prefix}.list", lambda: self.html_list(state))
        self.rec.run(f"{prefix}.detail", lambda: self.html_detail(state))
        self.rec.run(f"{prefix}.new_form", lambda: self.html_new_form(state))
        self.rec.run(f"{prefix}.anonymous_create", lambda: self.html_anonymous_create(state))
        self.rec.run(f"{prefix}.create", lambda: self.html_create(state))
        self.rec.run(f"{prefix}.edit", lambda: self.html_edit(state))
        self.rec.run(f"{prefix}.export", lambda: self.html_export(state))
        self.rec.run(f"{prefix}.delete", lambda: self.html_delete(state))


def run_contract(target: Target) -> list[CheckResult]:
    """Run every check of the contract against `target`; never stops early, never raises for the app."""
    return run_graphql_contract(target) if target.graphql else Driver(target).run()
