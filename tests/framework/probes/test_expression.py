"""Metrics expressions: parsing with clear errors, and evaluation over the run window."""

from __future__ import annotations

import math

import pytest

from greenlight.probes.expression import ExpressionError, Snapshot, parse
from greenlight.probes.judge import Unreadable
from greenlight.probes.metrics import parse_exposition

BEFORE = """
# TYPE http_requests_total counter
http_requests_total{route="/a",status="200"} 10
http_requests_total{route="/b",status="200"} 5
# TYPE orders_placed_total counter
orders_placed_total 7
# TYPE rss gauge
rss 1000
# TYPE latency histogram
latency_bucket{le="0.1"} 10
latency_bucket{le="0.5"} 10
latency_bucket{le="+Inf"} 10
latency_count 10
latency_sum 0.3
"""
AFTER = """
# TYPE http_requests_total counter
http_requests_total{route="/a",status="200"} 16
http_requests_total{route="/b",status="200"} 7
http_requests_total{route="/a",status="500"} 2
# TYPE orders_placed_total counter
orders_placed_total 3
# TYPE rss gauge
rss 4000
# TYPE latency histogram
latency_bucket{le="0.1"} 12
latency_bucket{le="0.5"} 20
latency_bucket{le="+Inf"} 20
latency_count 20
latency_sum 2.0
"""


def window() -> tuple[Snapshot, Snapshot]:
    return parse_exposition(BEFORE, 100.0), parse_exposition(AFTER, 110.0)


def evaluate(text: str) -> float:
    return parse(text).evaluate(*window())


def test_error_ratio_counts_a_series_born_during_the_run() -> None:
    # 10 requests in the window, 2 of them the first 500s ever seen.
    ratio = 'increase(http_requests_total{status=~"5.."}) / increase(http_requests_total)'
    assert evaluate(ratio) == pytest.approx(2 / 10)


def test_a_counter_that_went_down_was_reset_and_counts_from_zero() -> None:
    assert evaluate("increase(orders_placed_total)") == 3


def test_rate_is_the_increase_per_second_of_the_window() -> None:
    assert evaluate('rate(http_requests_total{route="/a"})') == pytest.approx(8 / 10)


def test_delta_and_value_of_a_gauge() -> None:
    assert evaluate("delta(rss)") == 3000
    assert evaluate("rss") == 4000


def test_quantile_interpolates_inside_the_bucket_of_the_window() -> None:
    # In the window: 2 observations up to 0.1 s and 8 between 0.1 and 0.5 s.
    # p50: rank 5 of 10 lies 3/8 into the (0.1, 0.5] bucket.
    assert evaluate("histogram_quantile(0.5, latency)") == pytest.approx(0.1 + 0.4 * 3 / 8)


def test_label_matchers_select_series() -> None:
    assert evaluate('increase(http_requests_total{route!="/a"})') == 2
    assert evaluate('increase(http_requests_total{route="/a", status="200"})') == 6


def test_a_metric_missing_from_the_scrape_is_unreadable() -> None:
    with pytest.raises(Unreadable, match="the scrape has no metric orders_total"):
        evaluate("increase(orders_total)")


def test_dividing_by_nothing_is_unreadable() -> None:
    with pytest.raises(Unreadable, match="is 0 over the run window"):
        evaluate('increase(orders_placed_total) / increase(http_requests_total{route="/c"})')


def test_a_histogram_without_observations_is_unreadable() -> None:
    before, _ = window()
    with pytest.raises(Unreadable, match="observed nothing"):
        parse("histogram_quantile(0.9, latency)").evaluate(before, before)


def test_rate_without_elapsed_time_is_not_a_number() -> None:
    before, _ = window()
    assert math.isnan(parse("rate(orders_placed_total)").evaluate(before, before))


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("increase(", "not PromQL: unclosed left parenthesis"),
        ("sum(x)", 'sum (...) is not supported here; use kind = "prometheus"'),
        ("a / b ^ c", 'the operator ^ is not supported here; use kind = "prometheus"'),
        ("x{a=b}", "not PromQL: unexpected identifier 'b' in label matching, expected string"),
        ('x{a=~"("}', "not PromQL: illegal regex"),
        ("histogram_quantile(2, x)", "a quantile between 0 and 1"),
    ],
)
def test_a_bad_expression_says_what_is_wrong(text: str, message: str) -> None:
    with pytest.raises(ExpressionError) as error:
        parse(text)
    assert message in str(error.value)


def test_an_expression_shows_as_written() -> None:
    text = 'increase(http_requests_total{status=~"5.."}) / increase(http_requests_total)'
    assert str(parse(text)) == text
    assert parse(text).windowed
    assert not parse("fulfilment_queue_depth").windowed
