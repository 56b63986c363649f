"""diplograph spark: extract a corpus with Spark, locally or on a cluster, into Parquet tables."""

from __future__ import annotations

import argparse
import sys

from .common import add_config, date

DESCRIPTION = (
    "Extract a corpus with Spark into one Parquet dataset per table under OUTPUT (documents, contacts, "
    "participants, statements, errors; each partitioned by published_year), with the same records as "
    "`diplograph extract` gives for the same INPUTs: folders, files or globs of .txt, .html, .jsonl, .warc and "
    ".warc.gz files, which every executor must see at the same path, or one Parquet dataset with id and text "
    "columns (optional published, title, url), anywhere Spark reads. A document that fails is a row of "
    "errors, never a failed job: exit status 0 when the job ran, 1 when it could not. `diplograph ingest "
    "OUTPUT` loads the result into a store. On a cluster: spark-submit diplograph/spark.py INPUT... OUTPUT "
    "(see the README). Needs PySpark (pip install 'diplograph[spark]') and Java 17."
)


def add_parser(subparsers) -> None:
    p = subparsers.add_parser(
        "spark",
        help="extract a corpus with Spark (local cores or a cluster) into Parquet tables",
        description=DESCRIPTION,
    )
    add_arguments(p)
    p.set_defaults(run=run)


def add_arguments(p: argparse.ArgumentParser, default_master: str | None = "local[*]") -> None:
    """The job's options, shared with ``python -m diplograph.spark`` (whose master is spark-submit's)."""
    p.add_argument("inputs", nargs="+", metavar="INPUT", help="a folder, file or glob, or a Parquet dataset")
    p.add_argument("output", metavar="OUTPUT", help="the folder (or hdfs://, s3a:// URI) to write the tables to")
    p.add_argument(
        "--master",
        default=default_master,
        metavar="URL",
        help="Spark master: local[2], spark://host:7077, yarn, k8s://... "
        + (f"(default: {default_master})" if default_master else "(default: spark-submit's, else local[*])"),
    )
    p.add_argument(
        "--partitions", type=int, metavar="N", help="partitions of the work (default: three per core of the cluster)"
    )
    p.add_argument("--no-parser", action="store_true", help="extract without spaCy (see extract --help)")
    p.add_argument(
        "--reference-date",
        type=date,
        metavar="YYYY-MM-DD",
        help="anchor for relative dates when a text states no publication date",
    )
    p.add_argument("--overwrite", action="store_true", help="replace OUTPUT when it exists (default: refuse)")
    p.add_argument("-q", "--quiet", action="store_true", help="no Spark progress bar and no summary line")
    add_config(p)


def run(args: argparse.Namespace) -> int:
    from ..spark import active_session, session, settings_of
    from ..spark import run as run_job

    use_parser = False if args.no_parser else None  # None: as the configuration says (extract.use_parser)
    settings = settings_of(use_parser, args.reference_date, args.config)
    conf = {"spark.ui.showConsoleProgress": "false"} if args.quiet else {}
    ours = active_session() is None  # a session someone else started is theirs to stop
    spark = session(args.master, conf=conf)
    try:
        manifest = run_job(
            spark, args.inputs, args.output, partitions=args.partitions, settings=settings, overwrite=args.overwrite
        )
    finally:
        if ours:
            spark.stop()
    if not args.quiet:
        print(
            f"{manifest['documents']} documents, {manifest['errors']} failed, in {manifest['seconds']:.0f} s: "
            f"{', '.join(manifest['tables'])} under {args.output}",
            file=sys.stderr,
        )
    return 0
