"""Notifications: a Slack-compatible webhook told of a no-go, a rollback, a watch's end, a release.

    [prod.notify]
    webhook = "${SLACK_WEBHOOK_URL}"        # Slack, Mattermost and Teams take the same JSON
    events = ["no-go", "rollback", "watch-ended", "release-done"]   # the default: all
    report_url = "https://ci.example.com/reports/{env}/"            # default: the report's path

    >>> notifier = Notifier.of(env)
    >>> notifier.send("no-go", "greenlight: NO-GO - 1 of 3 failed on prod: Checkout (api)",
    ...               details=["round 4 of the watch"], report=Path("reports/prod/watch.json"))

The message is ``{"text": ...}``: the headline, the details, a link to the report.
Secrets are masked in it (the environment's, and the webhook's own address, which is
a credential too), and it is never printed. A webhook that fails or hangs is logged
in one line naming only its host, never a crash and never a changed decision.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import requests

from greenlight.config.environment import Environment
from greenlight.config.interpolation import UnsetVariable, expand
from greenlight.errors import ConfigError
from greenlight.placeholders import render_text
from greenlight.secrets import Secrets
from greenlight.terminal import printable

EVENTS = ("no-go", "rollback", "watch-ended", "release-done")
TIMEOUT_S = 5.0


@dataclass
class Notifier:
    webhook: str | None  # None: nothing is sent
    events: tuple[str, ...] = EVENTS
    report_url: str | None = None
    env: str = ""
    timeout: float = TIMEOUT_S
    secrets: Secrets = field(default_factory=Secrets)
    log: Callable[[str], None] = field(default=lambda line: print(line, file=sys.stderr))
    sent: list[str] = field(default_factory=list)  # the events sent, for the record

    @staticmethod
    def of(
        env: Environment,
        log: Callable[[str], None] | None = None,
        environ: Mapping[str, str] | None = None,
    ) -> Notifier:
        """The environment's notifier (one that sends nothing without ``[ENV.notify]``)."""
        raw = env.settings.get("notify")
        if not isinstance(raw, dict):
            return Notifier(None)
        try:
            webhook = expand(str(raw["webhook"]), os.environ if environ is None else environ)
        except UnsetVariable as unset:
            raise ConfigError(
                [f"[{env.name}.notify].webhook needs environment variable {unset.name}; set it, "
                 f"or remove [{env.name}.notify]"],
                source=str(env.source),
            ) from None  # fmt: skip
        if urlsplit(webhook).scheme not in ("http", "https"):
            raise ConfigError(
                [f"[{env.name}.notify].webhook is not an http(s) URL"], source=str(env.source)
            )
        secrets = Secrets(dict(env.secrets.items()))
        secrets.learn([webhook], minimum=1)  # the address is a credential: never shown
        notifier = Notifier(
            webhook,
            events=tuple(raw.get("events", EVENTS)),
            report_url=raw.get("report_url"),
            env=env.name,
            timeout=float(raw.get("timeout", TIMEOUT_S)),
            secrets=secrets,
        )
        if log is not None:
            notifier.log = log
        return notifier

    def send(self, event: str, headline: str, *, details: Sequence[str] = (), report: Path) -> bool:
        """Post the message if ``event`` is one to send; False if the webhook failed."""
        if self.webhook is None or event not in self.events:
            return True
        link = (
            render_text(self.report_url, {"env": self.env}, where="notify.report_url")
            if self.report_url
            else str(report)
        )
        lines = [headline, *(f"- {detail}" for detail in details), f"Report: {link}"]
        text = self.secrets.mask("\n".join(printable(line) for line in lines))
        host = urlsplit(self.webhook).hostname or "the webhook"
        try:
            answer = requests.post(self.webhook, json={"text": text}, timeout=self.timeout)
        except requests.RequestException as error:
            self.log(
                f"greenlight: the {event} notification to {host} failed ({type(error).__name__}); the decision stands"
            )
            return False
        if not answer.ok:
            self.log(
                f"greenlight: the {event} notification to {host} was answered HTTP {answer.status_code}; the decision stands"
            )
            return False
        self.sent.append(event)
        return True
