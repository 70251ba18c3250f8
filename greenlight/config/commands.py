"""Commands in ``environments.toml`` and the ``{placeholders}`` each may use.

    >>> unknown_placeholders("deploy-shop {taget}", COMMANDS["deploy"])
    'unknown placeholder(s) {taget} (known: {python}, {target}, {version})'

A placeholder a command's step does not fill in would fail mid-release, after something
was deployed; a typo is caught when the file is read instead.
"""

from __future__ import annotations

from collections.abc import Collection

from greenlight.shell import placeholders

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
# What ``greenlight clean``'s command (the environment's ``clean`` key) is given.
CLEAN_PLACEHOLDERS = ("python", "env", "base_url", "alias_prefix")


def unknown_placeholders(command: str, allowed: Collection[str]) -> str:
    """What is wrong with ``command``'s placeholders, or nothing."""
    try:
        used = placeholders(command)
    except ValueError as error:  # an unbalanced brace: not a template at all
        return f"not a command template ({error}); write a literal brace as {{{{ or }}}}"
    unknown = sorted(used - set(allowed))
    if not unknown:
        return ""
    known = ", ".join(f"{{{name}}}" for name in sorted(allowed))
    return f"unknown placeholder(s) {', '.join(f'{{{name}}}' for name in unknown)} (known: {known})"
