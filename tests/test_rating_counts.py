"""One rating summary for status, the snapshot and the network views."""

from __future__ import annotations

from sli_cli.plan.model import NOT_RATED, Rating, rating_counts


def test_counts_follow_the_ratings_given_then_not_rated() -> None:
    counts = rating_counts([Rating.RED, None, Rating.RED, Rating.GREEN],
                           (Rating.RED, Rating.AMBER, Rating.GREEN))
    assert list(counts.items()) == [("red", 2), ("amber", 0), ("green", 1), (NOT_RATED, 1)]


def test_every_rating_by_default_and_ratings_outside_the_scheme_still_count() -> None:
    assert rating_counts([]) == {"red": 0, "amber": 0, "green": 0, "blue": 0, "grey": 0,
                                 "not_rated": 0}
    assert rating_counts([Rating.BLUE], (Rating.RED,)) == {"red": 0, "not_rated": 0, "blue": 1}
