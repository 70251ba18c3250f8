"""Metrics expressions are PromQL: parsed by a real parser, a subset evaluated, the rest refused.

The samples are Prometheus text exposition, parsed by the same code as a real scrape.
"""

from __future__ import annotations

import tomllib

import pytest

from greenlight.probes.expression import ExpressionError, parse
from greenlight.probes.judge import Unreadable
from greenlight.probes.metrics import parse_exposition

BEFORE = """
# HELP http_requests_total HTTP requests answered.
# TYPE http_requests_total counter
http_requests_total{method="GET",route="/api/products",status="200"} 10.0
http_requests_total{method="POST",route="/api/orders",status="500"} 1.0
http_requests_total{method="GET",route="/api/products/<sku>",status="404"} 3.0
# HELP fulfilment_queue_depth Orders placed but not yet dispatched.
# TYPE fulfilment_queue_depth gauge
fulfilment_queue_depth 2.0
# HELP orders_placed_total Orders placed.
# TYPE orders_placed_total counter
orders_placed_total 4.0
"""
AFTER = """
# HELP http_requests_total HTTP requests answered.
# TYPE http_requests_total counter
http_requests_total{method="GET",route="/api/products",status="200"} 40.0
http_requests_total{method="POST",route="/api/orders",status="500"} 6.0
http_requests_total{method="POST",route="/api/orders",status="503"} 4.0
http_requests_total{method="GET",route="/api/products/<sku>",status="404"} 3.0
http_requests_total{method="GET",route="/api/products",status="5000"} 7.0
# HELP fulfilment_queue_depth Orders placed but not yet dispatched.
# TYPE fulfilment_queue_depth gauge
fulfilment_queue_depth 5.0
# HELP orders_placed_total Orders placed.
# TYPE orders_placed_total counter
orders_placed_total 12.0
"""


def evaluate(text: str) -> float:
    return parse(text).evaluate(parse_exposition(BEFORE, 100.0), parse_exposition(AFTER, 110.0))


def test_an_escaped_regex_from_toml_matches_5xx_series() -> None:
    # As written in environments.toml: the PromQL string "5\\d\\d" is the regex 5\d\d.
    declared = tomllib.loads(r"""expression = 'increase(http_requests_total{status=~"5\\d\\d"})'""")
    # 5 more 500s and 4 new 503s; "5000" is not three characters: the regex is anchored.
    assert parse(declared["expression"]).evaluate(
        parse_exposition(BEFORE, 100.0), parse_exposition(AFTER, 110.0)
    ) == pytest.approx(9)


def test_regexes_are_anchored_as_in_promql() -> None:
    assert evaluate('increase(http_requests_total{status=~"5.."})') == 9
    assert evaluate('increase(http_requests_total{status=~"5"})') == 0
    assert evaluate('increase(http_requests_total{status!~"5.*"})') == 30


def test_strings_use_promql_escapes() -> None:
    assert evaluate("increase(http_requests_total{route='/api/products/<sku>'})") == 0
    assert evaluate('increase(http_requests_total{route="\\u002fapi/orders"})') == 9


def test_arithmetic_between_expressions_and_numbers_follows_precedence() -> None:
    # 9 5xx of 46 requests in the window (30 + 9 + 7), as a percentage.
    assert evaluate(
        'increase(http_requests_total{status=~"5.."}) / increase(http_requests_total) * 100'
    ) == pytest.approx(900 / 46)
    assert evaluate("fulfilment_queue_depth + 2 * 3") == 11
    assert evaluate("(fulfilment_queue_depth + 2) * 3") == 21
    assert evaluate("fulfilment_queue_depth - delta(fulfilment_queue_depth)") == 2
    assert evaluate("-fulfilment_queue_depth") == -5
    assert evaluate("rate(orders_placed_total) * 60") == pytest.approx(8 / 10 * 60)


def test_a_label_no_series_carries_is_unreadable_and_named() -> None:
    with pytest.raises(Unreadable) as error:
        evaluate('increase(http_requests_total{stauts=~"5.."}) / increase(http_requests_total)')
    message = str(error.value)
    assert "stauts" in message
    assert "did you mean 'status'?" in message
    assert "method, route, status" in message


def test_a_typo_in_a_negative_matcher_is_unreadable_too() -> None:
    # {stauts!="200"} would match every series, since none has the label.
    with pytest.raises(Unreadable, match="stauts"):
        evaluate('increase(http_requests_total{stauts!="200"})')


def test_a_metric_without_any_series_yet_is_zero_not_a_typo() -> None:
    empty = "# HELP orders_placed_total Orders.\n# TYPE orders_placed_total counter\n"
    snapshot = parse_exposition(empty, 100.0)
    assert parse('increase(orders_placed_total{shop="a"})').evaluate(snapshot, snapshot) == 0


@pytest.mark.parametrize(
    ("text", "construct"),
    [
        ("sum by (route) (increase(http_requests_total))", "sum"),
        ("fulfilment_queue_depth offset 5m", "offset"),
        ("max_over_time(fulfilment_queue_depth[5m:1m])", "subquery"),
        ("increase(http_requests_total[5m])", "range"),
        ("fulfilment_queue_depth > 3", ">"),
        ("abs(fulfilment_queue_depth)", "abs"),
        ("a / on(route) b", "on"),
        ('{__name__="fulfilment_queue_depth"}', "metric name"),
        ("fulfilment_queue_depth @ 100", "@"),
    ],
)
def test_other_promql_is_refused_pointing_at_the_prometheus_kind(text: str, construct: str) -> None:
    with pytest.raises(ExpressionError) as error:
        parse(text)
    message = str(error.value)
    assert 'not supported here; use kind = "prometheus"' in message
    assert construct in message


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("increase(", "unclosed left parenthesis"),
        ('x{a=~"("}', "regex"),
        ("histogram_quantile(2, x)", "a quantile between 0 and 1"),
        (r'x{status=~"5\d\d"}', r"a backslash is written \\ in a PromQL string"),
    ],
)
def test_what_does_not_parse_says_why(text: str, message: str) -> None:
    with pytest.raises(ExpressionError) as error:
        parse(text)
    assert message in str(error.value)
