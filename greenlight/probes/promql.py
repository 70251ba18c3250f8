"""Metrics expressions parsed as PromQL by ``promql-parser``, then held to greenlight's subset.

    >>> to_node('increase(http_requests_total{status=~"5\\\\d\\\\d"}) / increase(http_requests_total)')
    Arithmetic(op='/', left=Increase(...), right=Increase(...))
    >>> to_node("sum by (route) (increase(http_requests_total))")
    Traceback (most recent call last):
    ExpressionError: sum by (route) (...) is not supported here; use kind = "prometheus" ...

The parser unescapes strings as PromQL does (``"5\\\\d\\\\d"`` is the regex ``5\\d\\d``)
and checks regexes. A metrics probe's window is the run, so ``increase``, ``rate`` and
``delta`` take a metric without a range (``increase(x)``, not ``increase(x[5m])``): the
parser would demand a range, so they are parsed under aliases that take an instant
vector. Every other construct (aggregations, ``offset``, ``@``, subqueries, other
functions and operators) is refused here: the ``prometheus`` kind runs any PromQL.
"""

from __future__ import annotations

import functools
import re
from datetime import timedelta
from typing import Any

import promql_parser as pp

from greenlight.probes.nodes import (
    Arithmetic,
    Delta,
    Increase,
    Instant,
    Matcher,
    Negative,
    Node,
    Number,
    Quantile,
    Rate,
    Selector,
)

WINDOW_FUNCTIONS: dict[str, type[Increase | Delta]] = {
    "increase": Increase,
    "rate": Rate,
    "delta": Delta,
}
ALIAS = "greenlight_window_"
OPERATORS = ("+", "-", "*", "/")
# The parser's MatchOp is not hashable: pairs, not a dict.
MATCH_OPS = (
    (pp.MatchOp.Equal, "="),
    (pp.MatchOp.NotEqual, "!="),
    (pp.MatchOp.Re, "=~"),
    (pp.MatchOp.NotRe, "!~"),
)
ELSEWHERE = 'not supported here; use kind = "prometheus"'

# Registered once per process; registering the same functions again is harmless.
pp.register_extra_functions(
    [
        pp.Function(ALIAS + name, [pp.ValueType.Vector], pp.ValueType.Vector)
        for name in WINDOW_FUNCTIONS
    ]
)
# A string or comment (left alone), or a window function's name before its "(".
_CALLS = re.compile(
    r'("(?:[^"\\]|\\.)*"|\'(?:[^\'\\]|\\.)*\'|`[^`]*`|#[^\n]*)'
    r"|(?<![A-Za-z0-9_:])(" + "|".join(WINDOW_FUNCTIONS) + r")(?=\s*\()"
)


class ExpressionError(ValueError):
    """An expression that does not parse or is outside the subset; the message says why."""


def to_node(text: str) -> Node:
    aliased = _CALLS.sub(lambda m: m.group(1) or ALIAS + m.group(2), text)
    try:
        tree = pp.parse(aliased)
    except ValueError as error:
        raise _parse_error(str(error).replace(ALIAS, "")) from None
    return _node(tree)


def _parse_error(message: str) -> ExpressionError:
    if "got matrix" in message and any(f"'{name}'" in message for name in WINDOW_FUNCTIONS):
        return unsupported(
            "a range such as [5m]",
            "the window is the run: write increase(x), without a range",
        )
    if "unknown escape sequence" in message:
        message += r'; a backslash is written \\ in a PromQL string, e.g. "5\\d\\d"'
    return ExpressionError(f"not PromQL: {message}")


def unsupported(what: str, why: str = "") -> ExpressionError:
    return ExpressionError(f"{what} is {ELSEWHERE}" + (f" ({why})" if why else ""))


def _shown(expr: Any) -> str:
    return str(expr).replace(ALIAS, "").replace("{}", "")


def _node(expr: Any) -> Node:
    if isinstance(expr, pp.ParenExpr):
        return _node(expr.expr)
    if isinstance(expr, pp.NumberLiteral):
        return Number(expr.val)
    if isinstance(expr, pp.VectorSelector):
        return Instant(_selector(expr))
    if isinstance(expr, pp.UnaryExpr):
        return Negative(_node(expr.expr))
    if isinstance(expr, pp.BinaryExpr):
        return _arithmetic(expr)
    if isinstance(expr, pp.Call):
        return _call(expr)
    if isinstance(expr, pp.AggregateExpr):
        modifier = expr.modifier
        way = "by" if modifier and modifier.type == pp.AggModifierType.By else "without"
        grouped = f" {way} ({', '.join(modifier.labels)})" if modifier else ""
        raise unsupported(
            f"{expr.op}{grouped} (...)",
            "each selector is summed over its series already",
        )
    if isinstance(expr, pp.SubqueryExpr):
        raise unsupported(f"the subquery {_shown(expr)}")
    if isinstance(expr, pp.MatrixSelector):
        raise unsupported(f"the range {_shown(expr)}")
    raise unsupported(f"{_shown(expr)} ({type(expr).__name__})")


def _arithmetic(expr: Any) -> Node:
    op = str(expr.op)
    if op not in OPERATORS:
        raise unsupported(f"the operator {op}", "only + - * / between expressions and numbers")
    modifier = expr.modifier
    if modifier is not None and (
        modifier.matching is not None or modifier.return_bool or modifier.group_labels
    ):
        raise unsupported(
            f"vector matching (on, ignoring, group_left) in {_shown(expr)}",
            "each selector is summed, so there is nothing to match",
        )
    return Arithmetic(op, _node(expr.lhs), _node(expr.rhs))


def _call(expr: Any) -> Node:
    name = expr.func.name.removeprefix(ALIAS)
    if name in WINDOW_FUNCTIONS:
        (argument,) = expr.args
        if not isinstance(argument, pp.VectorSelector):
            raise unsupported(f"{name}() of {_shown(argument)}", "it takes a metric selector")
        return WINDOW_FUNCTIONS[name](_selector(argument))
    if name == "histogram_quantile":
        return _quantile(*expr.args)
    if any(isinstance(argument, pp.SubqueryExpr) for argument in expr.args):
        raise unsupported(f"the subquery in {_shown(expr)}")
    raise unsupported(f"the function {name}()")


def _quantile(quantile: Any, histogram: Any) -> Node:
    while isinstance(quantile, pp.ParenExpr):
        quantile = quantile.expr
    if not isinstance(quantile, pp.NumberLiteral) or not 0 <= quantile.val <= 1:
        raise ExpressionError(
            f"histogram_quantile needs a quantile between 0 and 1, e.g. 0.95 (got {_shown(quantile)})"
        )
    # histogram_quantile(0.95, x) as greenlight always had it, or PromQL's
    # histogram_quantile(0.95, rate(x_bucket)): the same quantile of the window.
    if isinstance(histogram, pp.Call) and histogram.func.name.removeprefix(ALIAS) in (
        "increase",
        "rate",
    ):
        histogram = histogram.args[0]
    if not isinstance(histogram, pp.VectorSelector):
        raise unsupported(
            f"histogram_quantile of {_shown(histogram)}", "it takes a histogram's name"
        )
    selector = _selector(histogram)
    base = selector.name.removesuffix("_bucket")
    return Quantile(Selector(base, selector.matchers), quantile.val)


def _selector(expr: Any) -> Selector:
    if expr.offset is not None:
        raise unsupported(
            f"offset in {_shown(expr)}", "a metrics probe reads each scrape as it comes"
        )
    if expr.at is not None:
        raise unsupported(f"@ in {_shown(expr)}", "a metrics probe reads each scrape as it comes")
    if not expr.name:
        raise unsupported(f"a selector without a metric name, {_shown(expr)}")
    if expr.matchers.or_matchers:
        raise unsupported(f"'or' inside the selector {_shown(expr)}")
    matchers = []
    for matcher in expr.matchers.matchers:
        op = next(symbol for kind, symbol in MATCH_OPS if kind == matcher.op)
        if op in ("=~", "!~"):
            try:
                re.compile(matcher.value)
            except re.error as error:
                raise ExpressionError(
                    f"the regex {matcher.value!r} of {matcher.name} is not one Python can use ({error})"
                ) from None
        matchers.append(Matcher(matcher.name, op, matcher.value))
    return Selector(expr.name, tuple(matchers))


# Stands in for {window} while a prometheus probe's query is parsed: a range no one writes.
_WINDOW_STAND_IN = timedelta(seconds=987_654_321)


@functools.cache
def running_total(query: str) -> bool:
    """Whether a ``prometheus`` query is a total over the run, e.g. ``sum(increase(x[{window}]))``.

    Such a total may still grow, so its floor is judged at the end of the run only.
    """
    try:
        tree = pp.parse(query.replace("{window}", pp.display_duration(_WINDOW_STAND_IN)))
    except ValueError:
        return False
    return _total(tree)


def _total(expr: Any) -> bool:
    if isinstance(expr, pp.ParenExpr):
        return _total(expr.expr)
    if isinstance(expr, pp.AggregateExpr):
        return str(expr.op) == "sum" and _total(expr.expr)
    if isinstance(expr, pp.BinaryExpr):
        return str(expr.op) in ("+", "*") and _total(expr.lhs) and _total(expr.rhs)
    if isinstance(expr, pp.NumberLiteral):
        return expr.val >= 0
    if isinstance(expr, pp.Call) and expr.func.name == "increase":
        (argument,) = expr.args
        return isinstance(argument, pp.MatrixSelector) and argument.range == _WINDOW_STAND_IN
    return False
