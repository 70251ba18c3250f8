"""The reference shop's faults: every smoke scenario passes, and only the probes say no.

The repository's own smoke suite runs against a real shop, judged by the probes
declared for [prod] in environments.toml, as a pipeline would run it after a deploy.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.framework.e2e.conftest import PLANTED_SECRET, run_suite
from tests.framework.probes.conftest import StartShop


@pytest.mark.parametrize(
    ("fault", "probes"),
    [
        (None, ()),
        ("leak", ("memory-per-request",)),
        # 300 ms slower per request is slower for the run's own exchanges too.
        ("slow=300", ("latency-p95", "client-latency")),
        ("log-errors", ("error-log",)),
        ("cpu", ("cpu-per-request",)),
        ("disk", ("disk-per-request",)),
    ],
)
def test_a_sick_shop_passes_its_scenarios_but_not_its_probes(
    fault: str | None, probes: tuple[str, ...], start_logging_shop: StartShop, tmp_path: Path
) -> None:
    shop = start_logging_shop(*([fault] if fault else []))
    result = run_suite(
        "--env=prod",
        f"--verdict={tmp_path / 'verdict.json'}",
        f"--alluredir={tmp_path / 'allure'}",
        env={
            "SHOP_PROD_URL": shop.url,
            "SHOP_PROD_LOG": str(shop.log),
            "SHOP_ADMIN_TOKEN": PLANTED_SECRET,
        },
    )
    verdict = json.loads((tmp_path / "verdict.json").read_text())
    assert verdict["counts"]["failed"] == verdict["counts"]["errors"] == 0, result.stdout[-3000:]
    assert verdict["counts"]["passed"] > 0
    blocking = [reason for reason in verdict["reasons"] if "probe" in reason]
    if not probes:
        assert verdict["decision"] == "go", result.stdout[-3000:]
        assert blocking == []
    else:
        assert verdict["decision"] == "no-go"
        assert [reason.split(":")[1].strip() for reason in blocking] == [
            f"probe {probe} breached" for probe in probes
        ], blocking
    assert "greenlight probes" in result.stdout
    assert (tmp_path / "probes" / "latency-p95.png").exists()
    # The charts are global attachments of the Allure results too.
    attached = "".join(path.read_text() for path in (tmp_path / "allure").glob("*-globals.json"))
    assert '"name": "probe latency-p95"' in attached
    assert '"type": "image/png"' in attached


def test_cpu_and_disk_are_in_the_local_probe_table(tmp_path: Path) -> None:
    result = run_suite(
        "--env=local",
        "--channel=api",
        "-k",
        "healthy",
        f"--verdict={tmp_path / 'verdict.json'}",
        env={"SHOP_ADMIN_TOKEN": PLANTED_SECRET},
    )
    verdict = json.loads((tmp_path / "verdict.json").read_text())
    probes = {probe["name"]: probe for probe in verdict["evidence"]["probes"]}
    table = [line.split() for line in result.stdout.splitlines() if line.startswith("  ")]
    for name, metric in (
        ("cpu-per-request", "process_cpu_seconds_total"),
        ("disk-per-request", "shop_data_bytes"),
        ("disk-free", "shop_data_free_bytes"),
    ):
        assert probes[name]["result"] == "ok", probes[name]
        assert metric in probes[name]["source"]
        assert [name, "metrics", "ok"] in [row[:3] for row in table], result.stdout[-3000:]
