"""The ASGI application: FraiseQL's GraphQL endpoint at /graphql, beside the token, health and metrics routes."""

from fastapi import FastAPI
from fraiseql.fastapi import FraiseQLConfig, create_fraiseql_app
from fraiseql.fastapi.config import IntrospectionPolicy
from fraiseql.fastapi.dependencies import set_auth_provider
from prometheus_client import make_asgi_app
from starlette.middleware.base import RequestResponseEndpoint
from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.requests import Request
from starlette.responses import Response

from library import auth, health, mutations, queries, settings, types
from library.security import GraphQLGuard

TYPES = [types.FieldError, types.Author, types.Book, types.Loan]
QUERIES = [
    queries.authors,
    queries.authors_count,
    queries.author,
    queries.books,
    queries.books_count,
    queries.book,
    queries.loans,
    queries.loans_count,
    queries.loan,
]
MUTATIONS = [
    mutations.create_author,
    mutations.update_author,
    mutations.delete_author,
    mutations.create_book,
    mutations.update_book,
    mutations.delete_book,
    mutations.create_loan,
    mutations.update_loan,
    mutations.delete_loan,
]


def create_app() -> FastAPI:
    config = FraiseQLConfig(
        database_url=settings.DATABASE_URL,
        app_name="Library",
        environment="development" if settings.DEBUG else "production",
        # The GraphiQL playground and introspection only while developing.
        enable_playground=settings.DEBUG,
        introspection_policy=IntrospectionPolicy.PUBLIC if settings.DEBUG else IntrospectionPolicy.DISABLED,
        max_query_depth=settings.MAX_QUERY_DEPTH,
        # Reads are public: mutations ask for a user themselves (@requires_auth).
        auth_enabled=False,
    )
    app = create_fraiseql_app(
        config=config,
        types=TYPES,
        queries=QUERIES,
        mutations=MUTATIONS,
        title="Library",
        production=not settings.DEBUG,
    )
    set_auth_provider(auth.TokenAuth())
    app.include_router(health.router)
    app.include_router(auth.router)
    app.mount("/metrics", make_asgi_app())
    app.add_middleware(GraphQLGuard)
    # Loopback too: the image's HEALTHCHECK and compose's ask there. The app builds no URL from the Host header.
    app.add_middleware(TrustedHostMiddleware, allowed_hosts=[*settings.ALLOWED_HOSTS, "127.0.0.1", "localhost"])
    if settings.HTTPS:

        @app.middleware("http")
        async def strict_transport_security(request: Request, call_next: RequestResponseEndpoint) -> Response:
            response = await call_next(request)
            response.headers["Strict-Transport-Security"] = "max-age=31536000; includeSubDomains"
            return response

    return app
