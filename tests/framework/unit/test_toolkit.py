"""The DSL toolkit: aliases, eventually, parameters, interpolation, secrets, URLs, cleanup."""

from __future__ import annotations

import itertools
import re

import pytest

from greenlight import (
    Aliases,
    Cleanup,
    CleanupFailed,
    eventually,
    money,
    one_of,
    table_rows,
    whole_number,
)
from greenlight.config.interpolation import UnsetVariable, expand
from greenlight.secrets import Secrets
from greenlight.urls import check_url, join


def test_an_alias_is_unique_stable_and_shown_with_its_real_name() -> None:
    aliases = Aliases(prefix="gl-smoke-")
    alice = aliases.real("alice")
    assert re.fullmatch(r"gl-smoke-alice-[a-z0-9]{10}", alice)
    assert aliases.real("alice") == alice
    assert aliases.real("bob") != alice
    assert aliases.shown("alice") == f"alice ({alice})"
    assert aliases.alias_of(alice) == "alice"
    assert Aliases().known() == {}


def test_aliases_of_many_tests_never_collide() -> None:
    # 36**10 suffixes: 10_000 tests naming "alice" collide with odds of about 1 in 70 million.
    names = [Aliases(prefix="p-").real("alice") for _ in range(10_000)]
    assert len(set(names)) == len(names)


def test_an_alias_keeps_to_safe_characters() -> None:
    assert re.fullmatch(r"tea-tin-[a-z0-9]{10}", Aliases().real("Tea Tin!"))


def test_eventually_returns_the_first_value_that_satisfies() -> None:
    counter = itertools.count()
    assert (
        eventually(
            lambda: next(counter),
            until=lambda n: n >= 3,
            awaiting="three",
            timeout=5,
            interval=0.001,
        )
        == 3
    )


def test_eventually_says_what_it_awaited_and_what_it_saw_last() -> None:
    with pytest.raises(AssertionError) as raised:
        eventually(
            lambda: "placed",
            until=lambda s: s == "dispatched",
            awaiting="order 7 to be dispatched",
            timeout=0.05,
            interval=0.01,
        )
    message = str(raised.value)
    assert message.startswith("gave up waiting for order 7 to be dispatched after 0.05s (")
    assert message.endswith("attempts); last saw 'placed'")


def test_eventually_retries_assertions_but_not_other_errors() -> None:
    def failing() -> None:
        raise AssertionError("not yet")

    with pytest.raises(AssertionError, match="last saw assertion failed: not yet"):
        eventually(failing, awaiting="x", timeout=0.02, interval=0.01)
    with pytest.raises(ZeroDivisionError):
        eventually(lambda: 1 / 0, awaiting="x", timeout=1)


def test_parameters_give_clear_errors() -> None:
    with pytest.raises(
        ValueError, match=r"^expect must be one of: accepted, refused \(got 'maybe'\)$"
    ):
        one_of("expect", "maybe", ("accepted", "refused"))
    with pytest.raises(ValueError, match=r"^quantity must be a whole number \(got 'two'\)$"):
        whole_number("quantity", "two")
    with pytest.raises(ValueError, match=r"^quantity must be at least 1 \(got 0\)$"):
        whole_number("quantity", 0, minimum=1)
    with pytest.raises(
        ValueError,
        match=r"^price must be a positive amount with at most two decimals \(got '1.999'\)$",
    ):
        money("price", "1.999")
    with pytest.raises(ValueError, match=r"^price must be an amount like 12.99 \(got 'cheap'\)$"):
        money("price", "cheap")
    assert money("price", "12.99") == 1299
    assert whole_number("stock", "7") == 7


def test_a_data_table_becomes_rows_and_names_missing_columns() -> None:
    assert table_rows(
        "lines", [["product", "quantity"], ["pen", "2"]], ("product", "quantity")
    ) == [{"product": "pen", "quantity": "2"}]
    with pytest.raises(
        ValueError, match=r"^lines is missing column\(s\) quantity \(header: \| product \|\)$"
    ):
        table_rows("lines", [["product"], ["pen"]], ("product", "quantity"))


def test_interpolation_reads_the_process_environment() -> None:
    assert expand("${A}/${B:-b}/${C:-}", {"A": "a"}) == "a/b/"
    with pytest.raises(UnsetVariable) as raised:
        expand("${MISSING}", {})
    assert raised.value.name == "MISSING"


def test_secrets_are_masked_everywhere_and_never_shown() -> None:
    secrets = Secrets({"token": "s3cr3t-value", "short": "abc"})
    assert secrets.mask("Bearer s3cr3t-value and abc") == "Bearer *** and abc"
    assert "s3cr3t" not in repr(secrets) and "s3cr3t" not in str(secrets)


def test_urls_are_checked_and_joined_safely() -> None:
    assert check_url("https://shop.example:8443/app", "x") == []
    assert check_url("ftp://shop", "x") == [
        "x: malformed URL 'ftp://shop' (expected http:// or https:// and a host)"
    ]
    assert check_url("http://shop:99999", "x") == [
        "x: malformed URL 'http://shop:99999' (bad port)"
    ]
    assert join("http://s/app/", "/api/x") == "http://s/app/api/x"
    with pytest.raises(ValueError, match="expected a path relative to http://s"):
        join("http://s", "http://evil/")


def test_cleanup_runs_everything_last_first_and_reports_failures() -> None:
    done: list[str] = []
    cleanup = Cleanup(secrets=Secrets({"token": "s3cr3t-value"}))
    cleanup.add("first", lambda: done.append("first"))
    cleanup.add("broken", lambda: 1 / 0)
    cleanup.add("leaky", lambda: (_ for _ in ()).throw(RuntimeError("token s3cr3t-value refused")))
    cleanup.add("last", lambda: done.append("last"))
    with pytest.raises(CleanupFailed) as raised:
        cleanup.run()
    assert done == ["last", "first"]
    assert str(raised.value) == (
        "2 cleanup action(s) failed; data may be left behind:\n"
        "  - leaky: RuntimeError: token *** refused\n"
        "  - broken: ZeroDivisionError: division by zero"
    )
