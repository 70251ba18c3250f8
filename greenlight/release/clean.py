"""``greenlight clean``: remove an environment's leftover test data through the suite's hook.

A smoke run killed halfway (a lost runner, SIGKILL) cannot clean up after itself; its
data carries the environment's ``alias_prefix``, so the suite can find and remove it::

    [prod]
    alias_prefix = "gl-smoke-"
    clean = "{python} -m dsl.clean {base_url} {alias_prefix}"

    $ greenlight clean --env prod
    greenlight clean: prod, data marked gl-smoke-
      removed customer gl-smoke-ada-x7k2
      removed product gl-smoke-mug-3f9a
      removed 2 item(s) marked gl-smoke-
    clean: done

The command gets ``{python}``, ``{env}``, ``{base_url}`` and ``{alias_prefix}``
(shell-quoted), runs with the environment's ``hook_timeout`` and prints all its output,
secrets masked. Exit 0 when it succeeded, 1 when it failed, 4 for a usage error (no
``clean`` command, or no ``alias_prefix``: without one, all data would match).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path
from typing import Any

from greenlight import process
from greenlight.config import load_environment
from greenlight.config.environment import add_environments_argument
from greenlight.errors import ConfigError
from greenlight.shell import render

EXAMPLE = 'clean = "{python} -m dsl.clean {base_url} {alias_prefix}"'
DEFAULT_TIMEOUT = 60.0


def add_parser(subparsers: Any) -> None:
    command = subparsers.add_parser(
        "clean", help="remove an environment's leftover test data (its clean command)"
    )
    command.add_argument("--env", required=True, metavar="NAME", help="environment to clean")
    add_environments_argument(command)
    command.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    env = load_environment(args.environments, args.env, os.environ)
    template = env.settings.get("clean")
    if not template:
        raise ConfigError([f"[{env.name}] has no clean command; add one, e.g. {EXAMPLE}"])
    if not env.alias_prefix.strip():
        raise ConfigError(
            [f"[{env.name}] has no alias_prefix, so its test data cannot be told from real data"]
        )
    values = {
        "python": sys.executable,
        "env": env.name,
        "base_url": env.base_url,
        "alias_prefix": env.alias_prefix,
    }
    command = render(str(template), values, where=f"{env.name}.clean")
    timeout = float(env.settings.get("hook_timeout", DEFAULT_TIMEOUT))
    print(f"greenlight clean: {env.name}, data marked {env.alias_prefix}", flush=True)
    with tempfile.TemporaryDirectory(prefix="greenlight-clean-") as folder:
        output = Path(folder) / "clean.log"
        finished = process.Process.start(command, output=output).wait(timeout)
        text = output.read_text(encoding="utf-8", errors="replace")
    for line in env.secrets.mask(text).splitlines():
        print(f"  {line}")
    if finished.exit_code == 0:
        print("clean: done")
        return 0
    how = (
        f"did not finish within {timeout:g}s"
        if finished.exit_code is None
        else f"exited with {finished.exit_code}"
    )
    print(f"clean: FAILED: `{env.secrets.mask(command)}` {how}", file=sys.stderr)
    return 1
