"""Command line: ``python -m garantie CASE.yaml [--lang fr|en|both] [--json] [--today YYYY-MM-DD]``,
``python -m garantie batch …`` and ``python -m garantie serve …``."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import signal
import sys
from pathlib import Path

from garantie._evaluate import evaluate
from garantie._facts import facts_markdown
from garantie._yaml import load_yaml
from garantie.case import Case
from garantie.errors import GarantieError


def main(argv: list[str] | None = None) -> int:
    args_in = sys.argv[1:] if argv is None else argv
    if args_in[:1] == ["serve"]:  # subcommands live in their own modules
        from garantie.server._cli import main as serve

        return serve(args_in[1:])
    if args_in[:1] == ["batch"]:
        from garantie.batch import main as batch

        return batch(args_in[1:])
    parser = argparse.ArgumentParser(prog="garantie", description="Evaluate a French consumer-warranty case.")
    parser.add_argument("case", nargs="?", type=Path, help="a case file (YAML or JSON)")
    parser.add_argument("--lang", choices=["fr", "en", "both"], default="both")
    parser.add_argument("--json", action="store_true", help="print the verdict as JSON")
    parser.add_argument("--today", type=dt.date.fromisoformat, help="date used when the case has no as_of")
    parser.add_argument("--schema", action="store_true", help="print the JSON Schema of a case and exit")
    parser.add_argument("--facts", action="store_true", help="print the facts rules can read and exit")
    args = parser.parse_args(argv)
    if hasattr(signal, "SIGPIPE"):  # piped into head & co: stop quietly, like other command-line tools
        signal.signal(signal.SIGPIPE, signal.SIG_DFL)
    if args.facts:
        print(facts_markdown(), end="")
        return 0
    if args.schema:
        print(json.dumps(Case.model_json_schema(), indent=2, ensure_ascii=False))
        return 0
    if args.case is None:
        parser.error("a case file is required (or --schema)")
    try:
        data = load_yaml(args.case, error=GarantieError)
        verdict = evaluate(data if not (isinstance(data, dict) and "case" in data) else data["case"],
                           today=args.today)
    except GarantieError as error:
        print(f"garantie: {error}", file=sys.stderr)
        return 2
    if args.json:
        print(verdict.model_dump_json(indent=2))
    else:
        langs = ["fr", "en"] if args.lang == "both" else [args.lang]
        print("\n".join(verdict.explain(lang) for lang in langs))  # type: ignore[arg-type]
    return 0


if __name__ == "__main__":
    sys.exit(main())
