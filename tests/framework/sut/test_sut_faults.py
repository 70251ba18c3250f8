"""Parsing --fault values."""

from __future__ import annotations

import pytest

from sut.faults import FaultError, Faults, parse_faults


def test_no_faults_is_a_healthy_shop() -> None:
    assert parse_faults([]) == Faults()


def test_every_fault_parses() -> None:
    faults = parse_faults(["checkout-error", "slow=250", "leak", "wrong-total", "log-errors"])
    assert faults == Faults(
        checkout_error=True, slow_ms=250, leak=True, wrong_total=True, log_errors=True
    )
    assert faults.describe() == "checkout-error, leak, log-errors, wrong-total, slow=250"


def test_unknown_fault_names_the_known_ones() -> None:
    with pytest.raises(FaultError) as error:
        parse_faults(["explode"])
    assert str(error.value) == (
        "unknown fault 'explode'; known: checkout-error, leak, log-errors, slow=MS, wrong-total"
    )


@pytest.mark.parametrize("spec", ["slow", "slow=", "slow=fast", "slow=-5", "leak=3"])
def test_bad_fault_values_are_refused(spec: str) -> None:
    with pytest.raises(FaultError, match=spec):
        parse_faults([spec])
