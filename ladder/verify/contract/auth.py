"""Auth: the right credentials get an API token (which the API checks then carry); a wrong password gets
400 or 401 and no token."""

from __future__ import annotations

from ladder.verify.contract.checks import expect
from ladder.verify.contract.client import describe, json_body, json_or_none
from ladder.verify.contract.driver import DriverBase


class AuthChecks(DriverBase):
    """Token issue and refusal."""

    def auth_token(self) -> str:
        credentials = {
            "username": self.target.username,
            "password": self.target.password,
        }
        resp = self.public.post("/api/auth/token/", json=credentials)
        expect(resp.status_code == 200, describe(resp, show_body=False))
        token = json_body(resp).get("token")
        expect(isinstance(token, str) and bool(token), f"no token: {describe(resp, False)}")
        self.api.session.headers["Authorization"] = f"Token {token}"
        return "200 with a token"

    def auth_bad_password(self) -> str:
        wrong = {
            "username": self.target.username,
            "password": self.target.password + "-wrong",
        }
        resp = self.public.post("/api/auth/token/", json=wrong)
        expect(resp.status_code in (400, 401), describe(resp, show_body=False))
        body = json_or_none(resp)
        expect(
            not (isinstance(body, dict) and body.get("token")),
            describe(resp, show_body=False),
        )
        return f"{resp.status_code}, no token"
