"""``garantie interview``: a terminal interview that asks only what the verdict still needs (issue 13).

It asks ``verdict.next_questions()`` one at a time, with typed input and labelled choices, re-evaluates
after each answer, shows a provisional verdict on ``?`` and the verdict when nothing that matters is left,
and can save the case as YAML for ``garantie letter`` or a batch.
"""

from __future__ import annotations

from garantie.interview._run import Interview, main, parse_answer

__all__ = ["Interview", "main", "parse_answer"]
