"""404s: an unknown page answers 404, without a traceback."""

from __future__ import annotations

from ladder.verify.contract.checks import expect
from ladder.verify.contract.client import describe
from ladder.verify.contract.driver import DriverBase


class NotFoundChecks(DriverBase):
    """The unknown page."""

    def not_found(self) -> str:
        resp = self.public.get(f"/definitely-not-a-page-{self.factory.token}/")
        expect(resp.status_code == 404, describe(resp))
        expect(
            "Traceback" not in resp.text,
            f"the 404 page shows a traceback: {describe(resp)}",
        )
        return "404 without a traceback"
