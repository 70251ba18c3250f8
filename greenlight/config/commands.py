"""Commands in ``environments.toml`` and the ``{placeholders}`` each may use.

    >>> unknown_placeholders("deploy-shop {taget}", COMMANDS["deploy"])
    'unknown placeholder(s) {taget} (known: {python}, {target}, {version})'

A placeholder a command's step does not fill in would fail mid-release, after something
was deployed; a typo is caught when the file is read instead, and so is a placeholder
where its value would be read as shell code:

    >>> unknown_placeholders("deploy-shop {version} && notify", COMMANDS["deploy"])
    '{version} at column 13 is in a command that runs in a shell (it uses `&&`), ...'

Every hook gets its values as environment variables as well (``GREENLIGHT_VERSION``...).
"""

from __future__ import annotations

from collections.abc import Collection

from greenlight.errors import ConfigError
from greenlight.placeholders import render_command

# The placeholders each release command's step fills in; {python} is the running interpreter.
COMMANDS: dict[str, frozenset[str]] = {
    "live": frozenset({"python"}),
    "deploy": frozenset({"python", "target", "version"}),
    "switch": frozenset({"python", "target", "version"}),
    "weight": frozenset({"python", "target", "weight", "version"}),
    "promote": frozenset({"python", "target", "version"}),
    "replace": frozenset({"python", "instance", "target", "version"}),
    "restore": frozenset({"python", "instance", "target", "version"}),
    "metric": frozenset({"python", "target", "version"}),
}
# What the verdict's promote and rollback hooks (an environment's own keys) are given.
HOOK_PLACEHOLDERS = ("env", "target", "version", "base_url", "verdict")
_WHERE = "command"

# What ``greenlight clean``'s command (the environment's ``clean`` key) is given.
CLEAN_PLACEHOLDERS = ("python", "env", "base_url", "alias_prefix")


def unknown_placeholders(command: str, allowed: Collection[str]) -> str:
    """What is wrong with ``command``'s placeholders, or nothing.

    Also what would make it fail when it runs: a placeholder in a command that needs a
    shell, or in the script of ``sh -c``, and a quote left open.
    """
    try:
        render_command(command, dict.fromkeys(allowed, "value"), where=_WHERE)
    except ConfigError as error:
        return error.problems[0].removeprefix(f"{_WHERE}: ")
    return ""
