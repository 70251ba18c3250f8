"""The watch's tests run on the release tests' platform: shop instances behind a real nginx."""

from __future__ import annotations

from tests.framework.release.conftest import platform

__all__ = ["platform"]
