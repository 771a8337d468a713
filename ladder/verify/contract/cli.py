"""`python -m ladder.verify.contract`: drive the contract against an app that is already running."""

from __future__ import annotations

import argparse
import json

from ladder.verify.contract.checks import Target
from ladder.verify.contract.run import run_contract


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m ladder.verify.contract",
        description="Check a running app against the contract.",
    )
    parser.add_argument("--base-url", required=True, help="e.g. http://127.0.0.1:8000")
    parser.add_argument("--model", required=True, help="the parsed entity model, as JSON")
    parser.add_argument("--username", required=True)
    parser.add_argument("--password", required=True)
    parser.add_argument("--no-html", dest="html", action="store_false", help="an API-only rung")
    args = parser.parse_args(argv)
    with open(args.model, encoding="utf-8") as handle:
        model = json.load(handle)
    target = Target(args.base_url, model, args.username, args.password, html=args.html)
    results = run_contract(target)
    for result in results:
        print(f"{'PASS' if result.ok else 'FAIL'} {result.name}: {result.detail}")
    failed = sum(not r.ok for r in results)
    print(f"{len(results) - failed} passed, {failed} failed")
    return 1 if failed else 0
