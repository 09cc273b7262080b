"""Worker processes that die mid-batch: the batch goes on, and only a page that kills its worker
by itself is lost, as an error entry."""

import os

import pytest

from pipeline.parallel import WORKER_DIED, ordered_map


def doubled_unless_poisoned(batch: list[str]) -> list[str]:
    """A worker's job that dies, as a crash in native code does, on a page named « poison »."""
    if "poison" in batch:
        os._exit(70)
    return [page * 2 for page in batch]


def nothing() -> None:
    """No model to load here."""


def single_pages(batch: list[str]) -> list[list[str]]:
    return [[page] for page in batch] if len(batch) > 1 else []


def failed(batch: list[str], reason: str) -> list[str]:
    return [f"{page}: {reason}" for page in batch]


@pytest.mark.parametrize(("batches", "expected"), [
    ([["a", "b"], ["c"], ["d", "e"]], ["aa", "bb", "cc", "dd", "ee"]),
    ([["a", "b"], ["c", "poison", "d"], ["e"], ["f", "g"]],
     ["aa", "bb", "cc", f"poison: {WORKER_DIED}", "dd", "ee", "ff", "gg"]),
    ([["poison"], ["a"], ["b", "poison"], ["c"], ["d"], ["e"], ["f"]],
     [f"poison: {WORKER_DIED}", "aa", "bb", f"poison: {WORKER_DIED}", "cc", "dd", "ee", "ff"]),
])
def test_a_dead_worker_costs_only_the_page_that_kills_it(batches, expected) -> None:
    results = ordered_map(doubled_unless_poisoned, batches, workers=2, initializer=nothing,
                          split=single_pages, failed=failed)
    assert list(results) == expected
