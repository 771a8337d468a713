"""Configuration from the environment (and a `.env` file where there is one); `.env.example` lists every variable."""

from __future__ import annotations

import os
import secrets

from dotenv import load_dotenv

load_dotenv()

EXAMPLE_SECRET_KEY = "change-me-to-a-long-random-string"  # noqa: S105 (the value of .env.example, refused)


class ConfigurationError(Exception):
    """A setting that the app refuses to start with; the message says which and why."""


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name, "").strip().lower()
    if not value:
        return default
    if value in ("1", "true", "yes", "on"):
        return True
    if value in ("0", "false", "no", "off"):
        return False
    raise ConfigurationError(f"{name} must be true or false (or 1 or 0), not {value!r}.")


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def secret_key(debug: bool) -> str:
    """SECRET_KEY keys the digests of API tokens. In production it must be set, not the example, 32+ characters;
    with DEBUG on and none set, each process makes a random one (tokens then last as long as the process)."""
    key = os.environ.get("SECRET_KEY", "")
    if not key and debug:
        return secrets.token_urlsafe(50)
    if not key:
        raise ConfigurationError("SECRET_KEY is not set; set it to a random string of 32 characters or more.")
    if key == EXAMPLE_SECRET_KEY:
        raise ConfigurationError("SECRET_KEY is the example value from .env.example; set a random one.")
    if len(key) < 32:
        raise ConfigurationError(f"SECRET_KEY is {len(key)} characters long; it must be 32 or more.")
    return key


DEBUG = env_bool("DEBUG", False)
SECRET_KEY = secret_key(DEBUG)
DATABASE_URL = os.environ.get("DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/library")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1")
HOST = os.environ.get("HOST") or ("127.0.0.1" if DEBUG else "0.0.0.0")  # noqa: S104 (a container's web listens on all)
PORT = int(os.environ.get("PORT", "8000"))
# On by default without DEBUG: browsers are told to use HTTPS only (HSTS); Caddy redirects plain HTTP.
HTTPS = env_bool("HTTPS", not DEBUG)
# Addresses whose X-Forwarded-For and X-Forwarded-Proto are believed (Caddy's); nobody else's.
TRUSTED_PROXIES = env_list("TRUSTED_PROXIES", "127.0.0.1")

# The limits every GraphQL request is held to (README.md, "GraphQL").
MAX_QUERY_DEPTH = 8
MAX_LIMIT = 100
MAX_BODY_BYTES = 100_000
