"""A smoke gate that must stop gets SIGTERM and time to clean up, then nothing is left.

The candidate is slow (every request takes 3 s), so a scenario is surely in progress
when the gate is stopped, and its cleanup (a customer and a product) takes longer
than the old 5 s grace: only a real grace period leaves the shop without test data.
"""

from __future__ import annotations

import signal
import time
from pathlib import Path

import requests

from tests.framework.release.conftest import Platform
from tests.framework.release.running import group_gone, start_release

PREFIX = "gl-smoke-"


def with_alias_prefix(platform: Platform) -> None:
    """The shop environment marks its test data as prod does, so leftovers can be found.

    Requests may take 10 s: a 3 s answer on a loaded machine must not time out a cleanup.
    """
    text = platform.environments.read_text()
    text = text.replace("request = 5, step = 5", "request = 10, step = 10")
    platform.environments.write_text(
        text.replace("[shop]\n", f'[shop]\nalias_prefix = "{PREFIX}"\n', 1)
    )


def leftovers(platform: Platform, target: str) -> list[str]:
    base = f"http://127.0.0.1:{platform.ports[target]}/api/admin"
    auth = {"Authorization": f"Bearer {platform.environ['SHOP_ADMIN_TOKEN']}"}
    customers = requests.get(
        f"{base}/customers", params={"prefix": PREFIX}, headers=auth, timeout=10
    )
    products = requests.get(f"{base}/products", params={"prefix": PREFIX}, headers=auth, timeout=10)
    return [*customers.json()["customers"], *(p["sku"] for p in products.json()["products"])]


def wait_for_test_data(platform: Platform, target: str, timeout: float = 90) -> None:
    """Until the scenario has created its product (and so registered both cleanups)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            found = leftovers(platform, target)
        except requests.ConnectionError:  # not deployed yet
            found = []
        if any(name.startswith(PREFIX) and "mug" in name for name in found):
            return
        time.sleep(0.2)
    raise AssertionError("the smoke run created no test data in time")


def children(pid: int) -> list[int]:
    found: list[int] = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        text = (task / "children").read_text().split()
        found += [int(child) for child in text]
    return found


def slow_candidate(platform: Platform, **release: object) -> None:
    platform.up(blue="1.0.0")
    platform.build("1.1.0", "--fault", "slow=3000")
    platform.configure(**release)
    with_alias_prefix(platform)


def test_a_gate_timeout_lets_the_smoke_run_clean_up(platform: Platform) -> None:
    slow_candidate(platform, gate_timeout=25)

    # At 3 s a request, an interrupted registration's cleanup (find the customer, delete
    # it, delete the product) needs more than the default 15 s on a loaded machine.
    result = platform.release("blue-green", "1.1.0", "--grace", "45", timeout=240)

    assert result.returncode == 1, result.stdout + result.stderr
    assert "did not finish within 25s" in result.stdout
    assert leftovers(platform, "green") == [], result.stdout
    assert platform.public_versions() == {"1.0.0"}


def test_sigterm_to_release_stops_the_gate_gracefully_and_rolls_back(platform: Platform) -> None:
    slow_candidate(platform)
    process = start_release(platform, "blue-green", "1.1.0")
    try:
        wait_for_test_data(platform, "green")
        gates = children(process.pid)
        assert gates, "the release runs no smoke gate"
        process.send_signal(signal.SIGTERM)
        out, _ = process.communicate(timeout=60)
    finally:
        process.kill()
        process.wait()

    assert process.returncode == 143, out
    assert leftovers(platform, "green") == []
    # The gate ran in a process group of its own: it and all it started are gone.
    assert all(group_gone(gate) for gate in gates)
    record = platform.record()
    assert (record["interrupted"], record["outcome"]) == (True, "rolled-back")
    assert record["timeline"][-1]["kind"] == "smoke"
