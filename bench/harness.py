"""Warm-up, repetitions, best, median and range: the one way every figure turns runs into numbers.

Contenders that run in the bench's own process (figures 3 and 4, figure 1's strict checks) are
measured `isolated`: each on its own, its warm-up then its repetitions, with the garbage collected
before every repetition and the collector off during it, so that no contender pays for another's
garbage, caches or collection pauses. Their ratios compare the best repetitions (`Stats.best`).
Contenders that are separate server processes (figures 1, 5 and 7) take turns (`interleaved`), so that
a machine whose load drifts weighs on each alike.
"""

from __future__ import annotations

import gc
import itertools
import statistics
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import TypeVar

T = TypeVar("T")


@dataclass(frozen=True)
class Stats:
    """Repeated measurements of one quantity: figures of contenders that take turns are the median
    with the lowest and highest sample; timings measured `isolated` are the best (lowest) sample."""

    samples: tuple[float, ...]

    @property
    def median(self) -> float:
        return statistics.median(self.samples)

    @property
    def best(self) -> float:
        """The lowest sample: the repetition least disturbed by the rest of the machine."""
        return min(self.samples)

    @property
    def low(self) -> float:
        return min(self.samples)

    @property
    def high(self) -> float:
        return max(self.samples)

    def scaled(self, factor: float) -> Stats:
        return Stats(tuple(sample * factor for sample in self.samples))

    def as_json(self) -> dict[str, object]:
        return {"median": self.median, "min": self.low, "max": self.high, "samples": list(self.samples)}


def repeat(measure: Callable[[], float], *, warmups: int, repetitions: int) -> Stats:
    """Run `measure` `warmups` times and discard the results, then keep `repetitions` results."""
    for _ in range(warmups):
        measure()
    return Stats(tuple(measure() for _ in range(repetitions)))


def per_call(action: Callable[[], object], calls: int) -> Callable[[], float]:
    """A measurement: mean seconds per call of `action` over `calls` back-to-back calls."""

    def measure() -> float:
        started = time.perf_counter()
        for _ in range(calls):
            action()
        return (time.perf_counter() - started) / calls

    return measure


def each_in_turn(action: Callable[[T], object], inputs: Sequence[T]) -> Callable[[], object]:
    """`action` on the next of `inputs` at every call, starting again after the last: so that a
    contender that remembers what it saw lately is measured as a stream of inputs finds it."""
    turn = itertools.cycle(inputs)
    return lambda: action(next(turn))


def wall_time(action: Callable[[], object]) -> Callable[[], float]:
    """A measurement: seconds one run of `action` takes."""
    return per_call(action, 1)


def collected(measure: Callable[[], float]) -> Callable[[], float]:
    """`measure` run with the garbage collected just before it and the collector off while it runs."""

    def run() -> float:
        gc.collect()
        was_enabled = gc.isenabled()
        gc.disable()
        try:
            return measure()
        finally:
            if was_enabled:
                gc.enable()

    return run


def isolated(measures: Mapping[str, Callable[[], float]], *, warmups: int, repetitions: int) -> dict[str, Stats]:
    """Each contender on its own, one after the other: its warm-ups, then its repetitions, each
    `collected`. Nothing of one contender runs between two repetitions of another."""
    return {
        name: repeat(collected(measure), warmups=warmups, repetitions=repetitions) for name, measure in measures.items()
    }


def interleaved(measures: Mapping[str, Callable[[], float]], *, warmups: int, repetitions: int) -> dict[str, Stats]:
    """Like `repeat` for several contenders, taking turns within each repetition.

    A machine whose background load drifts during the run then weighs on every contender
    alike, instead of on whichever happened to be measured during the busy minute.
    """
    for _ in range(warmups):
        for measure in measures.values():
            measure()
    samples: dict[str, list[float]] = {name: [] for name in measures}
    for _ in range(repetitions):
        for name, measure in measures.items():
            samples[name].append(measure())
    return {name: Stats(tuple(values)) for name, values in samples.items()}
