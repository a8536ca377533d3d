"""Figure 3: decoding a 100-job page into the generated models, beside pydantic v2 and bare json.loads.

Every contender starts from the same response texts: the pages a walk through one promotion's
jobs reads, each decoded once a repetition, so that no contender decodes one text over and over
(a decoder that remembers what it read lately, as the generated `parse_uuid` does, would be
flattered by that; the same promotion id in every job is what a real page holds). The generated client decodes with
`json.loads` then `PromotionJobList.from_dict` (what `get_promotion_jobs` does with a 200);
pydantic's idiomatic path for JSON text is `model_validate_json`, which the goal is measured
against; `model_validate(json.loads(...))` is shown too. Each contender is measured on its own
(`harness.isolated`: warm-up, then repetitions with the garbage collected before each and the
collector off during it), and the ratios compare the best repetitions.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass

import pydantic
from elasticpath_promotion_jobs_client.models import PromotionJobList

from bench import synthetic
from bench.harness import each_in_turn, isolated, per_call
from bench.pydantic_models import JobList
from bench.report import Figure, at_most, show_best, times
from promotion_jobs.contract import load_contract

GOAL = 1.5
MICROSECONDS = 1e6


@dataclass(frozen=True)
class Sizes:
    jobs: int = 100
    calls: int = 100
    repetitions: int = 5
    warmups: int = 1


def run(sizes: Sizes) -> Figure:
    figure = Figure(3, "client parsing")
    walk = synthetic.pages(sizes.jobs, sizes.calls)
    schema = load_contract().schema("PromotionJobList")
    problems = [problem for body in walk for problem in schema.errors(body)]
    if problems:
        raise RuntimeError(f"the synthetic pages are not valid PromotionJobLists: {problems[0]}")
    texts = [json.dumps(body) for body in walk]
    for text in texts:
        _check_equivalent(text)

    decoders: dict[str, Callable[[str], object]] = {
        "json_loads": json.loads,
        "pydantic_model_validate_json": JobList.model_validate_json,
        "pydantic_model_validate_json_loads": lambda text: JobList.model_validate(json.loads(text)),
        "generated_from_dict": lambda text: PromotionJobList.from_dict(json.loads(text)),
    }
    measured = isolated(
        {name: per_call(each_in_turn(decode, texts), sizes.calls) for name, decode in decoders.items()},
        warmups=sizes.warmups,
        repetitions=sizes.repetitions,
    )
    micro = {name: stats.scaled(MICROSECONDS) for name, stats in measured.items()}
    plain, pydantic_json = micro["json_loads"], micro["pydantic_model_validate_json"]
    pydantic_dict, generated = micro["pydantic_model_validate_json_loads"], micro["generated_from_dict"]

    ratio = generated.best / pydantic_json.best
    page = f"{sizes.jobs}-job page"
    figure.row(
        f"µs per {page}: generated vs pydantic model_validate_json",
        show_best(generated),
        show_best(pydantic_json),
        ratio=times(ratio),
        judged=at_most(ratio, GOAL),
    )
    figure.row(
        f"µs per {page}: generated vs pydantic model_validate(json.loads)",
        show_best(generated),
        show_best(pydantic_dict),
        ratio=times(generated.best / pydantic_dict.best),
    )
    figure.row(
        f"µs per {page}: generated vs json.loads alone",
        show_best(generated),
        show_best(plain),
        ratio=times(generated.best / plain.best),
    )
    page_bytes = sum(map(len, texts)) // len(texts)
    figure.notes.append(
        f"{len(texts)} pages of one promotion's jobs, as a walk through its list reads them (every job a different "
        f"one), {page_bytes:,} bytes each on average; each contender on its own: {sizes.warmups} warm-up and "
        f"{sizes.repetitions} repetitions of {sizes.calls} decodes, each page once, garbage collected before each "
        f"repetition and the collector off during it; best repetition (median, max), ratios of the bests; "
        f"pydantic {pydantic.VERSION}, which also checks the JSON type of plain fields that the generated models take "
        "as they come"
    )
    figure.data = {
        "page_bytes": page_bytes,
        "pages": len(texts),
        "protocol": {
            "isolated": True,
            "warmups": sizes.warmups,
            "repetitions": sizes.repetitions,
            "calls_per_repetition": sizes.calls,
            "gc": "collected before each repetition, disabled during it",
            "ratio_of": "best",
        },
        "microseconds_per_page": {name: stats.as_json() for name, stats in micro.items()},
        "goal": {"generated_over_pydantic_at_most": GOAL, "ratio": ratio},
    }
    return figure


def _check_equivalent(text: str) -> None:
    """Both models must read the same jobs, or the comparison means nothing."""
    generated = PromotionJobList.from_dict(json.loads(text))
    alternative = JobList.model_validate_json(text)
    left = [(job.id, job.status, job.meta.timestamps.created_at) for job in generated.data]
    right = [(job.id, job.status, job.meta.timestamps.created_at) for job in alternative.data]
    if left != right:
        raise RuntimeError("the generated and the pydantic models decode the page differently")
