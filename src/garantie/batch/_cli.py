"""``garantie batch IN.jsonl -o OUT.jsonl``: ``evaluate_many`` from the command line, with progress and a summary."""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import os
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Iterable, Iterator
from concurrent.futures import BrokenExecutor
from pathlib import Path
from typing import IO

from garantie._evaluate import provenance
from garantie.batch._many import available_cores, evaluate_many
from garantie.batch._records import Record
from garantie.errors import GarantieError
from garantie.ruleset import load_rules

__all__ = ["main"]

USAGE = """\
Reads one case per line (JSON; an optional "id", else the line number) and writes one record per line, in
input order: {"id", "case_sha256", "verdict"} or {"id", "error": {"type", "paths", "message"}}. A bad line
gives an error record and the batch goes on. The output appears only when complete (written to a hidden
temporary file, then renamed). --previous reuses an earlier record when the case is unchanged, has an explicit
as_of, and the rules and garantie version are the same. Exit status: 0 when the output is written (error
records included); 1 if a worker process died, 2 for a usage, input-file or rule-set error, 130 when
interrupted: in these three cases no output is written and an earlier one is left as it was."""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="garantie batch", description="Evaluate many cases (JSON Lines).",
                                     epilog=USAGE, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("input", type=Path, help="cases, one JSON object per line ('-': standard input)")
    parser.add_argument("-o", "--output", type=Path, required=True, help="records, one per input line")
    parser.add_argument("--workers", type=int, default=None,
                        help=f"worker processes (default: one per available core, here {available_cores()}, "
                        "and one per 64 cases at most)")
    parser.add_argument("--lang", choices=["fr", "en"], help="keep only this language's texts (default: both)")
    parser.add_argument("--texts", action=argparse.BooleanOptionalAction, default=True,
                        help="keep the explanations' texts (--no-texts: codes, dates and rule ids only)")
    parser.add_argument("--previous", type=Path, help="an earlier output whose unchanged verdicts may be reused")
    parser.add_argument("--today", type=dt.date.fromisoformat, help="as_of of the cases that have none")
    parser.add_argument("--rules", type=Path, help="a rule directory (default: the bundled rule set)")
    parser.add_argument("--progress", action=argparse.BooleanOptionalAction, default=None,
                        help="progress bar on standard error (default: when it is a terminal)")
    args = parser.parse_args(argv)
    if args.workers is not None and args.workers < 1:
        parser.error("--workers must be at least 1")
    try:
        rules = load_rules(args.rules)
        stamp = provenance(rules)
        source = sys.stdin.buffer if str(args.input) == "-" else args.input.open("rb")
        # A first run has no previous output yet: nothing to reuse, not an error (the summary says so).
        previous = args.previous if args.previous is not None and args.previous.exists() else None
    except (GarantieError, OSError) as error:
        print(f"garantie batch: {error}", file=sys.stderr)
        return 2
    total = _count_lines(args.input) if str(args.input) != "-" else None
    workers = args.workers or available_cores()
    if total is not None and args.workers is None:  # a few cases: starting processes would cost more than it saves
        workers = max(1, min(workers, -(-total // 64)))
    show = sys.stderr.isatty() if args.progress is None else args.progress
    started = time.perf_counter()
    counts: Counter[str] = Counter()
    errors: Counter[str] = Counter()
    reused = 0
    with source:
        try:
            records = evaluate_many(source, workers=workers, lang=args.lang, texts=args.texts, today=args.today,
                                    rules=args.rules, previous=previous)
        except (GarantieError, OSError) as error:  # e.g. an unreadable previous output
            print(f"garantie batch: {error}", file=sys.stderr)
            return 2
        try:
            with _atomic(args.output) as out:
                for record in _progress(records, total, show):
                    out.write(record.raw + b"\n")
                    if record.error is not None:
                        errors[record.error] += 1
                    else:
                        counts[record.status or "?"] += 1
                    reused += record.reused
        except KeyboardInterrupt:
            print(f"garantie batch: interrupted; {args.output} was not written", file=sys.stderr)
            return 130
        except BrokenExecutor as error:  # a worker was killed (out of memory, signal): no record is lost silently
            print(f"garantie batch: a worker process died ({error}); {args.output} was not written", file=sys.stderr)
            return 1
        except OSError as error:
            print(f"garantie batch: cannot write {args.output}: {error}", file=sys.stderr)
            return 2
        finally:
            records.close()  # cancels pending work and stops the worker processes
    elapsed = time.perf_counter() - started
    done = sum(counts.values()) + sum(errors.values())
    parts = [f"{done} records in {elapsed:.1f} s ({done / elapsed if elapsed else 0:.0f}/s, {workers} workers)",
             "verdicts " + (", ".join(f"{k} {v}" for k, v in sorted(counts.items())) or "0"),
             f"errors {sum(errors.values())}" + (f" ({', '.join(f'{k} {v}' for k, v in sorted(errors.items()))})"
                                                 if errors else "")]
    if args.previous is not None:
        parts.append(f"reused {reused} from {args.previous}" + ("" if previous else " (not found)"))
    parts.append(f"garantie {stamp.garantie}, rules {stamp.rules_digest} (verified {stamp.rules_verified_on}), "
                 f"schema {stamp.schema_version}")
    print(f"garantie batch: {args.output}: " + "; ".join(parts), file=sys.stderr)
    return 0


@contextlib.contextmanager
def _atomic(target: Path) -> Iterator[IO[bytes]]:
    """A file that appears at ``target`` only once fully written; nothing is left if writing stops."""
    target = target.resolve()
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".part")
    try:
        with os.fdopen(handle, "wb") as out:
            yield out
            out.flush()
            os.fsync(out.fileno())
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(temporary, 0o666 & ~umask)  # mkstemp's 0600 would surprise whoever reads the output
        os.replace(temporary, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


def _count_lines(path: Path) -> int | None:
    """Lines in the input (for the bar's ETA): one fast pass over its bytes; None if it cannot be read."""
    try:
        lines, last = 0, b"\n"
        with path.open("rb") as source:
            while block := source.read(1 << 20):
                lines += block.count(b"\n")
                last = block[-1:]
        return lines + (last != b"\n")
    except OSError:
        return None


def _progress(records: Iterable[Record], total: int | None, show: bool) -> Iterable[Record]:
    if not show:
        return records
    try:
        from tqdm import tqdm
    except ImportError:  # garantie[batch] not installed: a plain counter, still with rate and ETA
        return _plain_progress(records, total)
    bar: Iterable[Record] = tqdm(records, total=total, unit="case", file=sys.stderr, dynamic_ncols=True)
    return bar


def _plain_progress(records: Iterable[Record], total: int | None) -> Iterator[Record]:
    started = last = time.perf_counter()
    for done, record in enumerate(records, start=1):
        yield record
        now = time.perf_counter()
        if now - last >= 0.5:
            last = now
            rate = done / (now - started)
            eta = f", ETA {(total - done) / rate:.0f} s" if total and rate else ""
            sys.stderr.write(f"\r{done}{f'/{total}' if total else ''} cases, {rate:.0f}/s{eta}  ")
            sys.stderr.flush()
    sys.stderr.write("\n")
