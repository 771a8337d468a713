"""The order pytest-xdist's workers take tests in: each starts with its share of the `long` ones."""

from __future__ import annotations

from .conftest import long_first_in_each_slice


def test_each_worker_slice_starts_with_its_share_of_the_long_tests() -> None:
    items = list("abcdefgh")
    ordered = long_first_in_each_slice(items, 2, lambda item: item in "gh")
    # The scheduler cuts 8 tests for 2 workers into two slices of 4.
    assert ordered[:4] == ["g", "a", "b", "c"]
    assert ordered[4:] == ["h", "d", "e", "f"]


def test_more_long_tests_than_workers_are_dealt_round_robin_and_nothing_is_lost() -> None:
    items = list("abcdefg")
    ordered = long_first_in_each_slice(items, 2, lambda item: item in "aceg")
    assert sorted(ordered) == items
    # Slices of 3 and 4: the first holds a and e, the second c and g.
    assert ordered[:3] == ["a", "e", "b"]
    assert ordered[3:5] == ["c", "g"]
