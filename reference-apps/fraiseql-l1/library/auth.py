"""Who may write: users with argon2 password hashes, and the API tokens `POST /auth/token/` hands them (a token
lasts until its row in auth_token is deleted).

A token is sent as `Authorization: Bearer <token>`; FraiseQL asks `TokenAuth` who it belongs to, and
`@requires_auth` on every mutation refuses anyone else with `UNAUTHENTICATED`. Only a keyed digest of each token
is stored, so a copy of the database holds no usable token.
"""

import hashlib
import hmac
import secrets
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import VerificationError
from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse
from fraiseql.auth import AuthProvider, UserContext
from fraiseql.fastapi.dependencies import get_db_pool
from pydantic import BaseModel

from library import settings

PASSWORDS = PasswordHasher()
UNKNOWN_USER_HASH = PASSWORDS.hash(secrets.token_urlsafe(16))
# Failed token requests allowed per address or username in LOCKOUT_MINUTES before the next get 429.
MAX_FAILURES = 5
LOCKOUT_MINUTES = 15

router = APIRouter()


def token_digest(token: str) -> str:
    return hmac.new(settings.SECRET_KEY.encode(), token.encode(), hashlib.sha256).hexdigest()


class TokenAuth(AuthProvider):
    """FraiseQL's auth provider for this app's opaque API tokens."""

    async def validate_token(self, token: str) -> dict[str, Any]:
        async with get_db_pool().connection() as conn:
            cursor = await conn.execute(
                "select u.username from auth_token t join auth_user u on u.pk_user = t.fk_user where t.digest = %s",
                (token_digest(token),),
            )
            row = await cursor.fetchone()
        if row is None:
            raise PermissionError("unknown token")
        return {"username": row[0]}

    async def get_user_from_token(self, token: str) -> UserContext:
        payload = await self.validate_token(token)
        return UserContext(user_id=payload["username"], name=payload["username"])


class Credentials(BaseModel):
    username: str
    password: str


@router.post("/auth/token/")
async def obtain_token(credentials: Credentials, request: Request) -> JSONResponse:
    """`{"username", "password"}` -> `{"token"}`; repeated failures from one address or for one user get 429."""
    address = request.client.host if request.client else ""
    async with get_db_pool().connection() as conn:
        cursor = await conn.execute(
            "select count(*) from auth_login_failure where (address = %s or username = %s)"
            " and failed_at > now() - make_interval(mins => %s)",
            (address, credentials.username, LOCKOUT_MINUTES),
        )
        (failures,) = await cursor.fetchone() or (0,)
        if failures >= MAX_FAILURES:
            headers = {"Retry-After": str(LOCKOUT_MINUTES * 60)}
            return JSONResponse({"detail": "Too many failed attempts; try again later."}, 429, headers=headers)
        cursor = await conn.execute(
            "select pk_user, password_hash from auth_user where username = %s", (credentials.username,)
        )
        user = await cursor.fetchone()
        # An unknown username costs the same hash as a wrong password: the answer's timing names no user.
        if not _password_matches(user[1] if user else UNKNOWN_USER_HASH, credentials.password) or user is None:
            await conn.execute(
                "insert into auth_login_failure (address, username) values (%s, %s)", (address, credentials.username)
            )
            expired = "delete from auth_login_failure where failed_at < now() - make_interval(mins => %s)"
            await conn.execute(expired, (LOCKOUT_MINUTES,))
            return JSONResponse({"detail": "Unknown username or wrong password."}, 401)
        token = secrets.token_urlsafe(32)
        digest = token_digest(token)
        await conn.execute("insert into auth_token (digest, fk_user) values (%s, %s)", (digest, user[0]))
    return JSONResponse({"token": token})


def _password_matches(password_hash: str, password: str) -> bool:
    try:
        return PASSWORDS.verify(password_hash, password)
    except VerificationError:
        return False
