"""Rolling end to end: instances behind nginx replaced one at a time."""

from __future__ import annotations

from tests.framework.release.conftest import Platform


def test_a_good_version_replaces_every_instance(platform: Platform) -> None:
    platform.up(one="1.0.0", two="1.0.0")

    result = platform.release("rolling", "1.1.0")

    assert result.returncode == 0, result.stdout + result.stderr
    assert (platform.version_of("one"), platform.version_of("two")) == ("1.1.0", "1.1.0")
    assert platform.public_versions() == {"1.1.0"}
    assert platform.record()["outcome"] == "released"


def test_a_bad_version_is_stopped_at_the_first_instance_and_restored(platform: Platform) -> None:
    platform.up(one="1.0.0", two="1.0.0")
    platform.build("1.2.0", "--fault", "checkout-error")

    result = platform.release("rolling", "1.2.0")

    assert result.returncode == 1, result.stdout + result.stderr
    assert (platform.version_of("one"), platform.version_of("two")) == ("1.0.0", "1.0.0")
    assert platform.public_versions() == {"1.0.0"}
    record = platform.record()
    assert record["outcome"] == "rolled-back"
    steps = [entry["step"] for entry in record["timeline"]]
    assert "replace two with 1.2.0" not in steps
    assert steps[-1] == "restore one to 1.0.0"
