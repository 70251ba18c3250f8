"""``greenlight envs``: the environments, resolved, with secrets as ``***``; ``--check NAME``.

$ greenlight envs
local      embedded  not sensitive  channels api, ui  shop=(started by greenlight)
prod       SENSITIVE                channels api      shop=https://shop.example.com
$ greenlight envs --check prod
prod: configuration valid; shop https://shop.example.com/health answered 200 (status ok, version 2.1.0)

A mistake anywhere in the file is a usage error listing every problem of the file; an
environment whose variables or secrets are unset is listed as NOT USABLE.
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path
from typing import Any

import requests

from greenlight.config import load_environment
from greenlight.config.check import file_problems
from greenlight.config.environment import (
    Environment,
    add_environments_argument,
    environment_names,
    merged,
    read_tables,
)
from greenlight.config.load import resolve
from greenlight.errors import ConfigError
from greenlight.probes.health import version_in, version_of
from greenlight.probes.spec import probe_specs
from greenlight.secrets import MASK
from greenlight.urls import join


def add_parser(subparsers: Any) -> None:
    command = subparsers.add_parser("envs", help="list environments, or check one")
    add_environments_argument(command)
    command.add_argument(
        "--check", metavar="NAME", help="validate one environment and ping its health endpoint"
    )
    command.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    if args.check:
        return check(args.environments, args.check)
    tables = read_tables(args.environments)
    problems = file_problems(tables)
    if problems:  # a mistake in the file is the file's, not one environment's
        raise ConfigError(problems, source=str(args.environments))
    for name in environment_names(tables):
        env, unresolved = resolve(name, merged(tables, name), args.environments, os.environ)
        if unresolved:
            print(f"{name:<10} NOT USABLE: {'; '.join(unresolved)}")
            continue
        print(describe(env))
    return 0


def describe(env: Environment) -> str:
    kind = "embedded" if env.embedded else "remote"
    sensitivity = "SENSITIVE" if env.sensitive else "not sensitive"
    services = ", ".join(
        f"{name}={url or '(started by greenlight)'}" for name, url in env.services.items()
    )
    if env.embedded and not env.services:
        services = f"{env.embedded.service}=(started by greenlight)"
    parts = [
        f"{env.name:<10} {kind:<9} {sensitivity:<14} channels {', '.join(env.channels)}",
        services,
    ]
    if env.targets:
        parts.append("targets " + ", ".join(sorted(env.targets)))
    if env.select:
        parts.append(f"select {env.select!r}")
    if env.secrets:
        parts.append("secrets " + ", ".join(f"{name}={MASK}" for name in env.secrets))
    return "  ".join(parts)


def check(path: Path, name: str) -> int:
    env = load_environment(path, name, os.environ)
    probes = probe_specs(env, os.environ)  # its probe tables too, as a run would check them
    print(describe(env))
    if probes:
        print(f"{name}: {len(probes)} probe(s) valid: {', '.join(probe.name for probe in probes)}")
    if env.embedded and not env.base_url:
        print(
            f"{name}: configuration valid; the system is embedded (started by greenlight at run time)"
        )
        return 0
    failures = 0
    for service, base in env.services.items():
        url = join(base, env.health_path)
        try:
            answer = requests.get(url, timeout=env.request_timeout)
        except requests.RequestException as error:
            print(f"{name}: {service} {url} did not answer: {type(error).__name__}")
            failures += 1
            continue
        shown = _health_summary(answer, version_of(env.health_path))
        print(f"{name}: {service} {url} answered {answer.status_code}{shown}")
        failures += not answer.ok
    if failures:
        print(f"{name}: {failures} service(s) not healthy")
    return 1 if failures else 0


def _health_summary(answer: requests.Response, version: str) -> str:
    try:
        body = answer.json()
    except ValueError:
        return ""
    if not isinstance(body, dict):
        return ""
    return f" (status {body.get('status')}, version {version_in(answer, version) or 'unknown'})"
