"""Character spans asked whether any of them overlaps a range: an index built once per document,
so that a stage asking it for every token stays linear in the document's length."""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable
from itertools import accumulate


class Spans:
    """Spans [start, end) sorted by start, with the furthest end reached so far: one bisection per
    question instead of a scan of every span."""

    def __init__(self, spans: Iterable[tuple[int, int]]):
        ordered = sorted(spans)
        self.starts = [a for a, _ in ordered]
        self.reach = list(accumulate((b for _, b in ordered), max))

    def overlaps(self, start: int, end: int) -> bool:
        """Whether a span overlaps [start, end)."""
        k = bisect_left(self.starts, end)  # the spans that start before `end`
        return k > 0 and self.reach[k - 1] > start
