"""The project's commands: `python -m library serve | createadmin | seed`."""

import argparse
import os
import sys

import psycopg
import uvicorn
from argon2 import PasswordHasher

from library import seed, settings


def serve(_: argparse.Namespace) -> None:
    """The web process (Procfile `web`): uvicorn on HOST:PORT, trusting forwarded headers from TRUSTED_PROXIES."""
    uvicorn.run(
        "library.app:create_app",
        factory=True,
        host=settings.HOST,
        port=settings.PORT,
        proxy_headers=True,
        forwarded_allow_ips=settings.TRUSTED_PROXIES,
        server_header=False,
    )


def createadmin(_: argparse.Namespace) -> None:
    """Create the user ADMIN_USERNAME with ADMIN_PASSWORD, or give an existing one that password."""
    username, password = os.environ.get("ADMIN_USERNAME", ""), os.environ.get("ADMIN_PASSWORD", "")
    if not username or len(password) < 12:
        sys.exit("Set ADMIN_USERNAME and ADMIN_PASSWORD (12 characters or more) in the environment.")
    with psycopg.connect(settings.DATABASE_URL) as conn:
        conn.execute(
            "insert into auth_user (username, password_hash) values (%s, %s)"
            " on conflict (username) do update set password_hash = excluded.password_hash",
            (username, PasswordHasher().hash(password)),
        )
    print(f"User {username} can now get an API token at POST /auth/token/.")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m library", description=__doc__)
    commands = parser.add_subparsers(required=True)
    commands.add_parser("serve", help=serve.__doc__).set_defaults(run=serve)
    commands.add_parser("createadmin", help=createadmin.__doc__).set_defaults(run=createadmin)
    seeding = commands.add_parser("seed", help=seed.seed.__doc__)
    seeding.add_argument("--count", type=int, default=20, help="objects of each entity (default 20)")
    seeding.set_defaults(run=lambda args: seed.seed(args.count))
    args = parser.parse_args(argv)
    args.run(args)


if __name__ == "__main__":
    main()
