"""Secrets: values that never show, in any form they take, wherever text leaves the process.

    >>> secrets = Secrets({"admin_token": "s3cr/t"})
    >>> secrets.mask("sent s3cr%2Ft, then s3cr\\/t")    # percent- and JSON-escaped
    'sent ***, then ***'
    >>> secrets.mask('{"password": "hunter2"} via https://deploy:pw@shop.example.com')
    '{"password": "***"} via https://deploy:***@shop.example.com'
    >>> secrets
    Secrets(admin_token=***)

This is greenlight's one masking policy; anything it writes (messages, exchanges,
tracebacks, JUnit XML, Allure results, verdict, report) passes through
:meth:`Secrets.mask`, which masks

* every secret in the forms text gives it: literal, percent-encoded, JSON- and
  ``repr()``-escaped (once or twice), HTML-escaped, and inside base64 (``Basic`` auth);
* the values of fields and headers named like credentials (``password``, ``token``,
  ``authorization``, ...; more with :meth:`watch_fields`), known or not;
* the password of any URL's userinfo (``https://user:***@host``).

Besides the declared secrets (the mapping, shared with workers by name), a run learns
secrets as it goes (:meth:`learn`): a URL's password, a token the system hands out.
"""

from __future__ import annotations

import base64
import html
import json
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from urllib.parse import quote, quote_plus, unquote, urlsplit

MASK = "***"
# Short values would mask ordinary words; a secret this short is refused at load time.
MIN_LENGTH = 4
# A value learned from traffic is masked everywhere only when this long; a shorter one
# ("test") would turn up inside ordinary words, so it is masked only where it is named.
LEARNED_MIN_LENGTH = 8
# A base64 run this short could be part of anything; below it base64 forms are skipped.
BASE64_MIN_LENGTH = 8
CREDENTIAL_FIELDS = (
    "password",
    "token",
    "authorization",
    "cookie",
    "set-cookie",
    "secret",
    "api_key",
    "apikey",
)

_USERINFO = re.compile(r"(\b[A-Za-z][A-Za-z0-9+.-]*://[^/\s:@]*:)(?!\*\*\*@)[^/\s@]+(?=@)")
# A bearer or basic credential anywhere, e.g. in a curl line; it has a digit or a sign
# prose does not ("Basic information" stays).
_SCHEME = re.compile(r"\b(Bearer|Basic|Token) +(?=\S*[0-9+/=_.-])[A-Za-z0-9._~+/=-]{6,}")


class Secrets(Mapping[str, str]):
    def __init__(self, values: Mapping[str, str] | None = None) -> None:
        self._values = dict(values or {})
        self._learned: set[str] = set()
        self._fields = list(CREDENTIAL_FIELDS)
        self._forms: list[str] | None = None
        self._patterns = _field_patterns(self._fields)

    def __getitem__(self, name: str) -> str:
        return self._values[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self._values)

    def __len__(self) -> int:
        return len(self._values)

    def __repr__(self) -> str:
        shown = ", ".join(f"{name}={MASK}" for name in self._values)
        return f"Secrets({shown})"

    def learn(self, values: Iterable[str], minimum: int = LEARNED_MIN_LENGTH) -> None:
        """Values found during the run (a handed-out token): masked from now on."""
        new = {value for value in values if len(value) >= minimum} - self._learned
        if new:
            self._learned |= new
            self._forms = None

    def learn_url(self, url: str) -> None:
        """The password of a URL's userinfo, as written and decoded, is a secret."""
        try:
            password = urlsplit(url).password
        except ValueError:
            return
        if password:
            self.learn({password, unquote(password)}, minimum=MIN_LENGTH)

    def watch_fields(self, names: Iterable[str]) -> None:
        """More field names whose values are credentials (an environment's ``mask_fields``)."""
        added = [name for name in names if name and name.lower() not in self._fields]
        if added:
            self._fields += [name.lower() for name in added]
            self._patterns = _field_patterns(self._fields)

    def is_credential(self, name: str) -> bool:
        """Whether a field or header of this name holds a credential (``X-Api-Key``: yes)."""
        normal = _normal(name)
        return any(_normal(field) in normal for field in self._fields)

    def mask_value(self, name: str, value: str) -> str:
        """A named value (header, parameter, key) masked whole when the name says credential."""
        return MASK if self.is_credential(name) and value else self.mask(value)

    def mask(self, text: str) -> str:
        if self._forms is None:
            values = [v for v in self._values.values() if len(v) >= MIN_LENGTH]
            # Longest first, so a secret that contains another is masked whole.
            forms = {form for value in [*values, *self._learned] for form in _forms(value)}
            self._forms = sorted(forms, key=len, reverse=True)
        for form in self._forms:
            if form in text:
                text = text.replace(form, MASK)
        text = _USERINFO.sub(rf"\1{MASK}", text)
        for pattern, replacement in self._patterns:
            text = pattern.sub(replacement, text)
        return _SCHEME.sub(rf"\1 {MASK}", text)


def _normal(name: str) -> str:
    return name.lower().replace("-", "_")


def _forms(value: str) -> set[str]:
    """The value as it may be written: escaped for JSON, repr(), URLs, HTML, base64."""
    found = {value, value.replace("/", "\\/"), html.escape(value), html.escape(value, False)}
    for once in (_json(value), json.dumps(value, ensure_ascii=False)[1:-1], _repr(value)):
        # Escaped twice: a JSON text inside a JSON string, a repr() of a repr().
        found |= {once, _json(once), _repr(once)}
    for encoded in (quote(value, safe=""), quote(value), quote_plus(value)):
        found |= {encoded, re.sub(r"%[0-9A-F]{2}", lambda hit: hit.group().lower(), encoded)}
    found |= _base64_cores(value.encode())
    return {form for form in found if len(form) >= MIN_LENGTH}


def _json(value: str) -> str:
    return json.dumps(value)[1:-1]


def _repr(value: str) -> str:
    return repr(value)[1:-1]


def _base64_cores(data: bytes) -> set[str]:
    """The part of the base64 of ``...data...`` that depends on data alone, at each alignment.

    Base64 turns 3 bytes into 4 characters, so what precedes ``data`` (``user:`` in Basic
    auth) shifts it by 0, 1 or 2 bytes; the characters wholly inside data's bits are the
    same whatever surrounds it.
    """
    cores = set()
    for shift in range(3):
        encoded = base64.b64encode(bytes(shift) + data).decode()
        start, end = -(-8 * shift // 6), 8 * (shift + len(data)) // 6
        core = encoded[start:end]
        if len(core) >= BASE64_MIN_LENGTH:
            cores |= {core, core.replace("+", "-").replace("/", "_")}
    return cores


Replacement = str | Callable[[re.Match[str]], str]


def _field_patterns(fields: Iterable[str]) -> list[tuple[re.Pattern[str], Replacement]]:
    """Regular expressions that find a credential field's value in text, and its mask.

    ``"password": "x"`` and ``'password': 'x'`` (JSON, Python reprs, also escaped once
    more), ``password = 'x'`` and ``password=x`` (traceback arguments, step names, query
    strings, form bodies), ``Authorization: Bearer x`` (header lines).
    """
    words = "|".join(re.escape(_normal(field)).replace("_", "[_-]?") for field in fields)
    name = rf"[\w-]*?(?:{words})[\w-]*"
    quoted = re.compile(
        rf"(?i)(?P<q>\\*[\"'])(?P<name>{name})(?P=q)(?P<sep>\s*:\s*)"
        r"(?P<v>\\*[\"'])(?P<value>[^\n]*?)(?<!\\)(?P=v)"
    )
    keyword = re.compile(
        rf"(?i)\b(?P<name>{name})(?P<sep>\s*=\s*)"
        r"(?P<value>'(?:\\.|[^'\\\n])*'|\"(?:\\.|[^\"\\\n])*\"|[^\s&,;)(\]\['\"<>]+)"
    )
    header = re.compile(
        rf"(?im)^(?P<lead>[ \t]*)(?P<name>{name})(?P<sep>[ \t]*:[ \t]*)"
        r"(?P<value>(?:(?:Bearer|Basic|Token|Digest) +)?[^\s,;'\"]+)"
    )
    return [
        (quoted, r"\g<q>\g<name>\g<q>\g<sep>\g<v>" + MASK + r"\g<v>"),
        (keyword, _keyword_mask),
        (header, _header_mask),
    ]


def _keyword_mask(hit: re.Match[str]) -> str:
    value = hit["value"]
    if value.lower() == hit["name"].lower() or value.strip("'\"") == MASK:
        return hit.group()  # ``password=password`` in source code names no value
    quote_mark = value[0] if value[0] in "'\"" and len(value) > 1 else ""
    return f"{hit['name']}{hit['sep']}{quote_mark}{MASK}{quote_mark}"


def _header_mask(hit: re.Match[str]) -> str:
    scheme, _, rest = hit["value"].partition(" ")
    shown = f"{scheme} {MASK}" if rest else MASK
    return f"{hit['lead']}{hit['name']}{hit['sep']}{shown}"
