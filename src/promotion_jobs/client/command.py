"""`promotion-jobs jobs [--rule] PROMOTION_ID`: every job of a promotion, as a table or as JSON.

`--rule` lists the jobs of a rule promotion (Promotions Builder, `/v2/rule-promotions`) instead
of a standard one; the output is the same, with `rule_promotion_id` in the JSON of each job.

Configured like conformance runs, from EP_BASE_URL plus EP_ACCESS_TOKEN or EP_CLIENT_ID and
EP_CLIENT_SECRET. Rows are written as pages arrive, so memory does not grow with the list; a
failure is one line on stderr and a non-zero exit status, never a traceback or a secret. Text
from the server reaches the terminal with its control characters escaped, so a job's name cannot
move the cursor, retitle the window or start a row of its own.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import sys
from typing import TextIO
from uuid import UUID

from elasticpath_promotion_jobs_client.models import JobStatus, JobType
from elasticpath_promotion_jobs_client.types import Unset

from promotion_jobs.client.connect import DEFAULT_TIMEOUT, connect_from_env
from promotion_jobs.client.errors import PromotionJobsError
from promotion_jobs.client.filters import job_filter
from promotion_jobs.client.paging import AnyJob, AnyPage, iter_pages
from promotion_jobs.client.retry import RetryPolicy
from promotion_jobs.environment import EP_ACCESS_TOKEN, EP_BASE_URL, EP_CLIENT_ID, EP_CLIENT_SECRET, redact
from promotion_jobs.operations import Family

PROG = "promotion-jobs jobs"
EXIT_FAILED = 1  # the API call failed
EXIT_USAGE = 2  # bad arguments or configuration, as argparse uses
MESSAGE_LIMIT = 1000  # characters of an error message shown
DEFAULT_RETRIES = RetryPolicy().attempts - 1


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser], summary: str) -> None:
    """Add the subcommand; `summary` is its line in `promotion-jobs --help` (cli.SUBCOMMANDS)."""
    parser = commands.add_parser(
        "jobs",
        help=summary,
        description="List every job of a promotion, newest first, fetching all pages.",
        epilog=f"Configuration: {EP_BASE_URL}, and {EP_ACCESS_TOKEN} or {EP_CLIENT_ID} + {EP_CLIENT_SECRET}.",
    )
    parser.add_argument("promotion_id", metavar="PROMOTION_ID", type=_uuid, help="the promotion's UUID")
    parser.add_argument(
        "--rule",
        dest="family",
        action="store_const",
        const=Family.RULE,
        default=Family.STANDARD,
        help="PROMOTION_ID is a rule promotion (Promotions Builder, /v2/rule-promotions)",
    )
    parser.add_argument("--status", choices=[status.value for status in JobStatus], help="only jobs in this status")
    parser.add_argument(
        "--type", dest="job_type", choices=[job_type.value for job_type in JobType], help="only jobs of this type"
    )
    parser.add_argument("--json", action="store_true", help="write a JSON array of jobs instead of a table")
    parser.add_argument("--page-limit", type=int, metavar="N", help="jobs per request (default: the API's maximum)")
    parser.add_argument(
        "--timeout",
        type=_seconds,
        metavar="SECONDS",
        help=f"give up on each try of a request after this long (default: {DEFAULT_TIMEOUT.read:g})",
    )
    parser.add_argument(
        "--retries",
        type=_retries,
        default=DEFAULT_RETRIES,
        metavar="N",
        help=f"retries of a failed request after its first try (default: {DEFAULT_RETRIES})",
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    try:
        client = connect_from_env(timeout=args.timeout or DEFAULT_TIMEOUT, retry=RetryPolicy(attempts=args.retries + 1))
    except ValueError as error:
        return _fail(str(error), EXIT_USAGE)
    filter_text = job_filter(job_type=args.job_type, status=args.status) if args.job_type or args.status else None
    output = JsonRows(sys.stdout) if args.json else TableRows(sys.stdout)
    progress = Progress(sys.stderr)
    try:
        with client:
            pages = iter_pages(
                client, args.promotion_id, filter_=filter_text, page_limit=args.page_limit, family=args.family
            )
            for page in pages:
                if progress.pages == 0:  # nothing reaches stdout before the first page has arrived
                    output.begin()
                for job in page.data:
                    output.row(job)
                progress.page(page)
            output.end()
    except PromotionJobsError as error:
        progress.abandon()
        return _fail(str(error), EXIT_FAILED)
    except BrokenPipeError:  # the reader, such as `head`, stopped reading: not an error
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    progress.done()
    return 0


class TableRows:
    """Fixed-width columns, wide enough for every known type and status, written row by row."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        type_width = max(len("TYPE"), *(len(member.value) for member in JobType))
        status_width = max(len("STATUS"), *(len(member.value) for member in JobStatus))
        self.format = f"{{:36}}  {{:{type_width}}}  {{:{status_width}}}  {{:25}}  {{}}"

    def begin(self) -> None:
        self._write("ID", "TYPE", "STATUS", "CREATED", "NAME")

    def row(self, job: AnyJob) -> None:
        created = job.meta.timestamps.created_at.isoformat(timespec="seconds")
        name = job.name if isinstance(job.name, str) else ""
        self._write(str(job.id), job.job_type.value, job.status.value, created, visible(name))

    def end(self) -> None:
        self.stream.flush()

    def _write(self, *cells: str) -> None:
        print(self.format.format(*cells).rstrip(), file=self.stream)


class JsonRows:
    """A JSON array written one job per line, so it is valid JSON and streams."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.separator = "\n"

    def begin(self) -> None:
        self.stream.write("[")

    def row(self, job: AnyJob) -> None:
        # ensure_ascii escapes every control character too, so the JSON is safe on a terminal.
        self.stream.write(self.separator + json.dumps(job.to_dict(), ensure_ascii=True))
        self.separator = ",\n"

    def end(self) -> None:
        self.stream.write("\n]\n" if self.separator != "\n" else "]\n")
        self.stream.flush()


class Progress:
    """A live `page 3 of 9, 21 jobs` line on a terminal; one summary line otherwise."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.live = stream.isatty()
        self.pages = 0
        self.jobs = 0

    def page(self, page: AnyPage) -> None:
        self.pages += 1
        self.jobs += len(page.data)
        if self.live:
            known = 0 if isinstance(page.meta, Unset) else page.meta.page.total  # a rule list may leave out meta
            total = max(known, self.pages)
            self.stream.write(f"\r{PROG}: page {self.pages} of {total}, {self.jobs} jobs")
            self.stream.flush()

    def done(self) -> None:
        if self.live:
            self.stream.write("\n")
        else:
            pages = "page" if self.pages == 1 else "pages"
            print(f"{PROG}: {self.jobs} jobs in {self.pages} {pages}", file=self.stream)

    def abandon(self) -> None:
        if self.live and self.pages:
            self.stream.write("\n")


def visible(text: str) -> str:
    """`text` with what a terminal would act on (escape sequences, line breaks, bidi controls) and
    backslashes written as escapes, as repr writes them without the quotes."""
    if text.isprintable() and "\\" not in text:
        return text
    return "".join(char if char.isprintable() and char != "\\" else repr(char)[1:-1] for char in text)


def _seconds(text: str) -> float:
    """A positive, finite number of seconds; bad values are usage errors (argparse exits with 2)."""
    try:
        seconds = float(text)
    except ValueError:
        seconds = math.nan
    if not math.isfinite(seconds) or seconds <= 0:
        raise argparse.ArgumentTypeError(f"not a positive number of seconds: {text!r}")
    return seconds


def _retries(text: str) -> int:
    """A whole number of retries, 0 or more."""
    try:
        retries = int(text)
    except ValueError:
        retries = -1
    if retries < 0:
        raise argparse.ArgumentTypeError(f"not a whole number of at least 0: {text!r}")
    return retries


def _uuid(text: str) -> UUID:
    try:
        return UUID(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a UUID: {text!r}") from None


def _fail(message: str, status: int) -> int:
    """One line on stderr, even when the server's own detail spans several or runs long, with
    control characters escaped and no URL's password."""
    line = visible(" ".join(redact(message).split()))
    if len(line) > MESSAGE_LIMIT:
        line = line[: MESSAGE_LIMIT - 1] + "…"
    print(f"{PROG}: {line}", file=sys.stderr)
    return status
