"""Drive every HTTP promise of the contract against a running generated app.

    python -m ladder.verify.contract --base-url URL --model model.json --username U --password P [--no-html]

The driver is track-neutral on purpose: it knows the contract and the parsed entity model
(docs/entity-model.md), never how a rung implements them, so one smoke suite serves the Django and the
JavaScript rungs alike. The only concession to real frameworks is generic: a form is posted as a browser
posts it (to its action, in its enctype) with every hidden ``<input>`` echoed back, which carries Django's
``csrfmiddlewaretoken``, its equivalents, and the action id of a Next.js Server Action form.

Every check is run and recorded; an app failure (a wrong status, a bad body, a refused connection) is a
failed check, never an exception out of :func:`run_contract`.

One module per section of the contract: ``health``, ``auth`` (tokens), ``api`` (CRUD, validation,
pagination, search), ``pages`` (HTML pages, forms, CSRF), ``export`` (CSV), ``not_found`` (404s). They share
``driver`` (clients and created rows), ``model`` (the entity model), ``values`` (what is sent and how it is
compared), ``forms`` (reading HTML), ``client`` (HTTP) and ``checks`` (results); ``run`` puts them in order.
"""

from ladder.verify.contract.api import error_body_problem
from ladder.verify.contract.checks import CheckResult, Target
from ladder.verify.contract.cli import main
from ladder.verify.contract.client import submit_form
from ladder.verify.contract.export import csv_problems
from ladder.verify.contract.forms import control_names, detail_id, parse_forms, pick_form
from ladder.verify.contract.health import ready_check_names
from ladder.verify.contract.model import entity_order, patch_field, pk_name, validation_cases
from ladder.verify.contract.run import run_contract
from ladder.verify.contract.values import ValueFactory, build_payload, to_form, values_match

__all__ = [
    "CheckResult",
    "Target",
    "ValueFactory",
    "build_payload",
    "control_names",
    "csv_problems",
    "detail_id",
    "entity_order",
    "error_body_problem",
    "main",
    "parse_forms",
    "patch_field",
    "pick_form",
    "pk_name",
    "ready_check_names",
    "run_contract",
    "submit_form",
    "to_form",
    "validation_cases",
    "values_match",
]
