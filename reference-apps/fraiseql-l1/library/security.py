"""The checks every GraphQL request passes before FraiseQL runs it.

FraiseQL 1.9 leaves some of GraphQL's own validation to the resolvers on its fast path, so this ASGI middleware
checks each `POST /graphql` in full with graphql-core, the reference implementation: the body is JSON of at most
MAX_BODY_BYTES; the query parses and passes every rule of the GraphQL specification (unknown fields, wrong
argument types...); it nests at most MAX_QUERY_DEPTH fields deep; it asks for one root field (see ONE_ROOT_FIELD);
its variables have the declared types; and with DEBUG off it asks nothing of the schema (no introspection). A
refused request gets GraphQL errors and never reaches the database.
"""

import json
from typing import Any

from graphql import (
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLError,
    GraphQLSchema,
    InlineFragmentNode,
    NoSchemaIntrospectionCustomRule,
    OperationDefinitionNode,
    SelectionSetNode,
    get_operation_ast,
    parse,
    specified_rules,
    validate,
)
from graphql.execution.values import get_variable_values
from prometheus_client import Counter
from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from library import settings

# FraiseQL 1.9.16 answers a request with several root fields through a path that drops their nested fields, or
# fails on a count: each request asks for one root field, and a client sends several requests (HTTP/2 or
# keep-alive makes them cheap).
ONE_ROOT_FIELD = "Ask for one root field per request (a list and its count are two requests); README.md says why."
REQUESTS = Counter("graphql_requests_total", "GraphQL requests by outcome of their checks", ["outcome"])


class RefusedError(Exception):
    def __init__(self, status: int, errors: list[GraphQLError]) -> None:
        super().__init__(errors[0].message)
        self.status = status
        self.errors = errors


def selection_depth(
    selection_set: SelectionSetNode | None, fragments: dict[str, FragmentDefinitionNode], spreading: set[str]
) -> int:
    """How many fields deep a selection set nests, fragments counted where they are spread (`spreading`: the
    fragments being expanded, so that a fragment that spreads itself ends the count instead of recursing)."""
    if selection_set is None:
        return 0
    depths = [0]
    for selection in selection_set.selections:
        if isinstance(selection, FieldNode):
            depths.append(1 + selection_depth(selection.selection_set, fragments, spreading))
        elif isinstance(selection, InlineFragmentNode):
            depths.append(selection_depth(selection.selection_set, fragments, spreading))
        elif isinstance(selection, FragmentSpreadNode):
            name = selection.name.value
            if name in fragments and name not in spreading:
                depths.append(selection_depth(fragments[name].selection_set, fragments, spreading | {name}))
    return max(depths)


def root_fields(selection_set: SelectionSetNode, fragments: dict[str, FragmentDefinitionNode]) -> int:
    """How many fields an operation asks for at its root (`__typename` aside), fragments included."""
    count = 0
    for selection in selection_set.selections:
        if isinstance(selection, FieldNode):
            count += selection.name.value != "__typename"
        elif isinstance(selection, InlineFragmentNode):
            count += root_fields(selection.selection_set, fragments)
        elif isinstance(selection, FragmentSpreadNode) and selection.name.value in fragments:
            count += root_fields(fragments[selection.name.value].selection_set, fragments)
    return count


def checked_request(schema: GraphQLSchema, body: bytes) -> None:
    """Raise RefusedError with the errors of a request that must not run."""
    try:
        payload = json.loads(body)
    except ValueError:
        raise RefusedError(400, [GraphQLError("The request body is not JSON.")]) from None
    if not isinstance(payload, dict) or not isinstance(payload.get("query"), str):
        raise RefusedError(400, [GraphQLError('The request body must be a JSON object with a "query" string.')])
    variables = payload.get("variables") or {}
    if not isinstance(variables, dict):
        raise RefusedError(400, [GraphQLError('"variables" must be a JSON object.')])
    try:
        document = parse(payload["query"])
    except GraphQLError as error:
        raise RefusedError(200, [error]) from None
    # Depth first: it is cheap, and a deeply nested document is refused before the validation's work.
    fragments = {d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)}
    operations = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
    depth = max((selection_depth(op.selection_set, fragments, set()) for op in operations), default=0)
    if depth > settings.MAX_QUERY_DEPTH:
        message = f"The query nests {depth} fields deep; at most {settings.MAX_QUERY_DEPTH} are allowed."
        raise RefusedError(200, [GraphQLError(message)])
    rules = list(specified_rules) if settings.DEBUG else [*specified_rules, NoSchemaIntrospectionCustomRule]
    errors = validate(schema, document, rules)
    if errors:
        raise RefusedError(200, errors)
    operation = get_operation_ast(document, payload.get("operationName"))
    if not isinstance(operation, OperationDefinitionNode):
        raise RefusedError(200, [GraphQLError("Name the operation to run (operationName).")])
    if root_fields(operation.selection_set, fragments) > 1:
        raise RefusedError(200, [GraphQLError(ONE_ROOT_FIELD)])
    coerced = get_variable_values(schema, operation.variable_definitions or (), variables)
    if isinstance(coerced, list):
        raise RefusedError(200, coerced)


class GraphQLGuard:
    """ASGI middleware: `checked_request` on every `POST /graphql`, the body then handed on unchanged."""

    def __init__(self, app: ASGIApp, path: str = "/graphql") -> None:
        self.app = app
        self.path = path

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "POST" or scope["path"].rstrip("/") != self.path:
            await self.app(scope, receive, send)
            return
        try:
            body = await read_body(receive)
            checked_request(scope["app"].state.graphql_schema, body)
        except RefusedError as refused:
            REQUESTS.labels("refused").inc()
            errors: list[dict[str, Any]] = [error.formatted for error in refused.errors]
            await JSONResponse({"errors": errors}, refused.status)(scope, receive, send)
            return
        REQUESTS.labels("run").inc()
        await self.app(scope, replay(body, receive), send)


async def read_body(receive: Receive) -> bytes:
    body = b""
    while True:
        message = await receive()
        body += message.get("body", b"")
        if len(body) > settings.MAX_BODY_BYTES:
            too_large = f"The request body is larger than {settings.MAX_BODY_BYTES} bytes."
            raise RefusedError(413, [GraphQLError(too_large)])
        if not message.get("more_body", False):
            return body


def replay(body: bytes, receive_more: Receive) -> Receive:
    """A `receive` that gives the app the body already read, then hands on what the server receives next."""
    sent = False

    async def receive() -> Message:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive_more()

    return receive
