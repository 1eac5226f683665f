"""Many cases at once: ``evaluate_many``, the per-partition function and the ``garantie batch`` command.

``evaluate_many`` runs worker processes and keeps the input order; ``evaluate_partition`` is the function
every scheduler runs (our workers, Dask, Spark, Ray).
"""

from garantie.batch._many import available_cores, evaluate_many
from garantie.batch._previous import Previous
from garantie.batch._records import Options, Record, case_sha256, evaluate_partition, evaluate_record, prune_texts

__all__ = [
    "Options",
    "Previous",
    "Record",
    "available_cores",
    "case_sha256",
    "evaluate_many",
    "evaluate_partition",
    "evaluate_record",
    "prune_texts",
]


def main(argv: list[str] | None = None) -> int:
    """``garantie batch``: see ``garantie batch --help``."""
    from garantie.batch._cli import main as run

    return run(argv)
