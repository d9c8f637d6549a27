"""Installation settings: defaults, an optional TOML/YAML config file, `CAREPOST_*` environment.

Precedence, lowest first: defaults, config file, environment, keyword overrides. Every error is
a `SettingsError` whose message is one line naming the offending key (never its value: a
database URL or secret key may hold a password).
"""

from __future__ import annotations

import dataclasses
import os
import tempfile
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ENV_PREFIX = "CAREPOST_"
# Environment variables under these prefixes belong to the test suite and tooling, not to the
# installation, so they are never reported as unknown settings.
IGNORED_ENV_PREFIXES = ("CAREPOST_TEST_",)
# `CAREPOST_CONFIG` is the short spelling of `CAREPOST_CONFIG_FILE`.
ENV_ALIASES = {"CAREPOST_CONFIG": "config_file"}

LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")
LOG_FORMATS = ("json", "text")
MIN_SECRET_KEY_LENGTH = 32


class SettingsError(Exception):
    """A setting is unknown or invalid; the message is one line naming the key."""


@dataclass(frozen=True, slots=True)
class Settings:
    """Everything an installation can configure; see docs/settings.md."""

    database_url: str = ""  # empty means sqlite:///<data_dir>/carepost.db
    data_dir: Path = Path("data")
    secret_key: str | None = None
    host: str = "127.0.0.1"
    port: int = 8000
    log_level: str = "INFO"
    log_format: str = "json"
    session_max_age: int = 8 * 3600
    login_max_failures: int = 5
    lockout_seconds: int = 900
    behind_tls: bool = False
    archive_retention_years: int = 7
    worker_in_process: bool = True
    worker_poll_seconds: int = 5
    approval_reminder_minutes: int = 120
    # Where readers reach this site ("https://care.example"): absolute links in public feeds
    # come from here, never from the request's Host header (which a client chooses).
    public_url: str = ""
    # Request bodies above these sizes are refused with a 413 before any handler reads them.
    max_body_bytes: int = 1024 * 1024
    max_upload_bytes: int = 25 * 1024 * 1024  # multipart forms: images of up to 20 MB
    config_file: Path | None = None

    def __repr__(self) -> str:
        # The secret and the URL (which may carry a password) never appear in reprs or logs.
        return (
            f"Settings(data_dir={str(self.data_dir)!r}, host={self.host!r}, port={self.port}, "
            f"secret_key={'set' if self.secret_key else 'unset'})"
        )


FIELDS: tuple[str, ...] = tuple(f.name for f in dataclasses.fields(Settings))


def _parse_bool(key: str, value: Any) -> bool:
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in ("1", "true", "yes", "on"):
        return True
    if text in ("0", "false", "no", "off", ""):
        return False
    raise SettingsError(f"{key}: expected true or false")


def _int_parser(low: int, high: int) -> Callable[[str, Any], int]:
    def parse(key: str, value: Any) -> int:
        if isinstance(value, bool):
            raise SettingsError(f"{key}: expected a whole number")
        try:
            number = int(str(value).strip())
        except ValueError:
            raise SettingsError(f"{key}: expected a whole number") from None
        if not low <= number <= high:
            raise SettingsError(f"{key}: must be between {low} and {high}")
        return number

    return parse


def _parse_str(key: str, value: Any) -> str:
    if not isinstance(value, str | int | float) or isinstance(value, bool):
        raise SettingsError(f"{key}: expected text")
    return str(value).strip()


def _parse_database_url(key: str, value: Any) -> str:
    url = _parse_str(key, value)
    if url and url.split(":", 1)[0].split("+", 1)[0] not in ("sqlite", "postgresql", "postgres"):
        raise SettingsError(f"{key}: only sqlite:/// and postgresql:// URLs are supported")
    return url


def _parse_path(key: str, value: Any) -> Path:
    text = _parse_str(key, value)
    if not text:
        raise SettingsError(f"{key}: must not be empty")
    return Path(text).expanduser()


def _parse_optional_path(key: str, value: Any) -> Path | None:
    text = _parse_str(key, value)
    return Path(text).expanduser() if text else None


def _parse_secret(key: str, value: Any) -> str | None:
    text = _parse_str(key, value)
    if not text:
        return None
    if len(text) < MIN_SECRET_KEY_LENGTH:
        raise SettingsError(f"{key}: must be at least {MIN_SECRET_KEY_LENGTH} characters")
    return text


def _parse_choice(choices: tuple[str, ...], upper: bool) -> Callable[[str, Any], str]:
    def parse(key: str, value: Any) -> str:
        text = _parse_str(key, value)
        text = text.upper() if upper else text.lower()
        if text not in choices:
            raise SettingsError(f"{key}: must be one of {', '.join(choices)}")
        return text

    return parse


def _parse_public_url(key: str, value: Any) -> str:
    from urllib.parse import urlsplit

    text = _parse_str(key, value).rstrip("/")
    if not text:
        return ""
    parts = urlsplit(text)
    if (parts.scheme not in ("http", "https") or not parts.hostname or parts.query
            or parts.fragment or parts.username or parts.password
            or any(c.isspace() for c in text)):
        raise SettingsError(f"{key}: expected an http(s) address such as https://care.example")
    return text


def _parse_host(key: str, value: Any) -> str:
    text = _parse_str(key, value)
    if not text or any(c.isspace() for c in text):
        raise SettingsError(f"{key}: expected a host name or address")
    return text


PARSERS: dict[str, Callable[[str, Any], Any]] = {
    "database_url": _parse_database_url,
    "data_dir": _parse_path,
    "secret_key": _parse_secret,
    "host": _parse_host,
    "port": _int_parser(1, 65535),
    "log_level": _parse_choice(LOG_LEVELS, upper=True),
    "log_format": _parse_choice(LOG_FORMATS, upper=False),
    "session_max_age": _int_parser(60, 90 * 24 * 3600),
    "login_max_failures": _int_parser(1, 1000),
    "lockout_seconds": _int_parser(1, 7 * 24 * 3600),
    "behind_tls": _parse_bool,
    "archive_retention_years": _int_parser(1, 100),
    "worker_in_process": _parse_bool,
    "worker_poll_seconds": _int_parser(1, 3600),
    "approval_reminder_minutes": _int_parser(1, 7 * 24 * 60),
    "public_url": _parse_public_url,
    "max_body_bytes": _int_parser(1024, 1024**3),
    "max_upload_bytes": _int_parser(1024, 1024**3),
    "config_file": _parse_optional_path,
}
assert set(PARSERS) == set(FIELDS), "every setting needs a parser"


def _read_config_file(path: Path) -> dict[str, Any]:
    """Read a TOML or YAML config file into a flat mapping of setting names."""
    try:
        raw = path.read_bytes()
    except OSError:
        raise SettingsError(f"config_file: cannot read {path}") from None
    suffix = path.suffix.lower()
    try:
        if suffix == ".toml":
            import tomllib

            data: Any = tomllib.loads(raw.decode("utf-8"))
        elif suffix in (".yaml", ".yml"):
            import yaml

            data = yaml.safe_load(raw.decode("utf-8")) or {}
        else:
            raise SettingsError("config_file: must end in .toml, .yaml or .yml")
    except SettingsError:
        raise
    except Exception:
        # Parser messages can quote file content; name the file only.
        raise SettingsError(f"config_file: {path} is not valid {suffix[1:].upper()}") from None
    if not isinstance(data, dict):
        raise SettingsError(f"config_file: {path} must hold a table of settings")
    unknown = sorted(str(k) for k in data if k not in FIELDS or k == "config_file")
    if unknown:
        raise SettingsError(f"{unknown[0]}: unknown setting in {path}")
    return dict(data)


def _from_environ(environ: Mapping[str, str]) -> dict[str, tuple[str, Any]]:
    """Settings found in the environment: key -> (variable name, raw value)."""
    found: dict[str, tuple[str, Any]] = {}
    for name, value in environ.items():
        if not name.startswith(ENV_PREFIX) or name.startswith(IGNORED_ENV_PREFIXES):
            continue
        key = ENV_ALIASES.get(name) or name[len(ENV_PREFIX):].lower()
        if key not in FIELDS:
            raise SettingsError(f"{name}: unknown setting")
        found[key] = (name, value)
    return found


def load_settings(environ: Mapping[str, str] | None = None, **overrides: Any) -> Settings:
    """Build Settings from defaults, the config file, `CAREPOST_*` variables and overrides."""
    env = dict(os.environ if environ is None else environ)
    for key in overrides:
        if key not in FIELDS:
            raise SettingsError(f"{key}: unknown setting")
    from_env = _from_environ(env)
    config_value = overrides.get("config_file", from_env.get("config_file", (None, None))[1])
    config_file = _parse_optional_path("config_file", config_value) if config_value else None
    from_file = _read_config_file(config_file) if config_file else {}

    # Each source names the key the way its author wrote it: the variable, or the file's key.
    sources: list[dict[str, tuple[str, Any]]] = [
        {k: (f"{k} in {config_file}", v) for k, v in from_file.items()},
        from_env,
        {k: (k, v) for k, v in overrides.items()},
    ]
    values: dict[str, Any] = {}
    for source in sources:
        for key, (label, value) in source.items():
            if value is None and key in ("secret_key", "config_file"):
                values[key] = None
                continue
            values[key] = PARSERS[key](label, value)
    values["config_file"] = config_file
    settings = Settings(**values)
    if not settings.database_url:
        db_path = (settings.data_dir / "carepost.db").absolute()
        settings = dataclasses.replace(settings, database_url=f"sqlite:///{db_path}")
    return settings


def ensure_data_dir(settings: Settings) -> Path:
    """Create the data directory if needed and prove it is writable; return its path."""
    path = settings.data_dir
    try:
        path.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=path, prefix=".write-test-"):
            pass
    except OSError:
        raise SettingsError(f"data_dir: {path} is not a writable directory") from None
    return path
