"""Settings: defaults, env vars, config files, and one-line errors naming the key."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from carepost.settings import Settings, SettingsError, ensure_data_dir, load_settings


def test_defaults_put_sqlite_in_the_data_dir(tmp_path: Path) -> None:
    settings = load_settings(environ={}, data_dir=str(tmp_path / "d"))
    assert settings.database_url == f"sqlite:///{(tmp_path / 'd' / 'carepost.db').absolute()}"
    assert (settings.host, settings.port, settings.log_format) == ("127.0.0.1", 8000, "json")
    assert settings.login_max_failures == 5 and settings.lockout_seconds == 900
    assert settings.secret_key is None and settings.behind_tls is False


def test_environment_variables_are_parsed() -> None:
    env = {
        "CAREPOST_DATABASE_URL": "postgresql://u:pw@db/carepost",
        "CAREPOST_PORT": "9000",
        "CAREPOST_BEHIND_TLS": "yes",
        "CAREPOST_LOG_LEVEL": "debug",
        "CAREPOST_LOG_FORMAT": "TEXT",
        "CAREPOST_LOGIN_MAX_FAILURES": "3",
        "CAREPOST_SECRET_KEY": "s" * 32,
        "CAREPOST_TEST_DATABASE_URL": "ignored: belongs to the test suite",
        "UNRELATED": "x",
    }
    settings = load_settings(environ=env)
    assert settings.database_url == "postgresql://u:pw@db/carepost"
    assert settings.port == 9000 and settings.behind_tls is True
    assert (settings.log_level, settings.log_format) == ("DEBUG", "text")
    assert settings.login_max_failures == 3 and settings.secret_key == "s" * 32


@pytest.mark.parametrize(
    ("env", "named"),
    [
        ({"CAREPOST_PORT": "eighty"}, "CAREPOST_PORT"),
        ({"CAREPOST_PORT": "70000"}, "CAREPOST_PORT"),
        ({"CAREPOST_BEHIND_TLS": "maybe"}, "CAREPOST_BEHIND_TLS"),
        ({"CAREPOST_LOG_FORMAT": "xml"}, "CAREPOST_LOG_FORMAT"),
        ({"CAREPOST_SECRET_KEY": "short"}, "CAREPOST_SECRET_KEY"),
        ({"CAREPOST_DATABASE_URL": "mysql://root:hunter2@h/db"}, "CAREPOST_DATABASE_URL"),
        ({"CAREPOST_DATABSE_URL": "sqlite:///x.db"}, "CAREPOST_DATABSE_URL"),
        ({"CAREPOST_LOCKOUT_SECONDS": "-1"}, "CAREPOST_LOCKOUT_SECONDS"),
    ],
)
def test_bad_environment_is_one_line_naming_the_variable(env: dict[str, str], named: str) -> None:
    with pytest.raises(SettingsError) as err:
        load_settings(environ=env)
    message = str(err.value)
    assert message.startswith(named) and "\n" not in message
    # The value is never echoed (it could be a password or key).
    for value in env.values():
        assert value not in message


def test_toml_config_file_is_read_and_env_wins(tmp_path: Path) -> None:
    config = tmp_path / "carepost.toml"
    config.write_text('port = 8100\nhost = "0.0.0.0"\nlockout_seconds = 60\n', encoding="utf-8")
    settings = load_settings(environ={"CAREPOST_CONFIG": str(config), "CAREPOST_PORT": "8200"})
    assert (settings.host, settings.port, settings.lockout_seconds) == ("0.0.0.0", 8200, 60)
    assert settings.config_file == config


def test_yaml_config_file_and_unknown_key(tmp_path: Path) -> None:
    good = tmp_path / "c.yaml"
    good.write_text("# comment\nbehind_tls: true\nsession_max_age: 3600\n", encoding="utf-8")
    settings = load_settings(environ={"CAREPOST_CONFIG_FILE": str(good)})
    assert settings.behind_tls is True and settings.session_max_age == 3600
    bad = tmp_path / "bad.yaml"
    bad.write_text("sesion_max_age: 3600\n", encoding="utf-8")
    with pytest.raises(SettingsError, match=r"^sesion_max_age: unknown setting"):
        load_settings(environ={"CAREPOST_CONFIG": str(bad)})


def test_config_file_errors_name_the_file_not_its_content(tmp_path: Path) -> None:
    broken = tmp_path / "c.toml"
    broken.write_text('secret_key = "unterminated\n', encoding="utf-8")
    with pytest.raises(SettingsError) as err:
        load_settings(environ={"CAREPOST_CONFIG": str(broken)})
    assert "not valid TOML" in str(err.value) and "unterminated" not in str(err.value)
    with pytest.raises(SettingsError, match="config_file: cannot read"):
        load_settings(environ={"CAREPOST_CONFIG": str(tmp_path / "missing.toml")})
    wrong = tmp_path / "c.ini"
    wrong.write_text("[x]\n", encoding="utf-8")
    with pytest.raises(SettingsError, match="must end in"):
        load_settings(environ={"CAREPOST_CONFIG": str(wrong)})


def test_unknown_override_is_refused() -> None:
    with pytest.raises(SettingsError, match="^colour: unknown setting"):
        load_settings(environ={}, colour="blue")


def test_repr_hides_secret_and_url() -> None:
    settings = load_settings(
        environ={"CAREPOST_SECRET_KEY": "k" * 40,
                 "CAREPOST_DATABASE_URL": "postgresql://u:hunter2@h/db"}
    )
    assert "k" * 40 not in repr(settings) and "hunter2" not in repr(settings)


def test_every_setting_has_an_env_variable() -> None:
    from carepost.settings import _from_environ

    for name in Settings.__dataclass_fields__:
        variable = f"CAREPOST_{name.upper()}"
        assert _from_environ({variable: "x"}) == {name: (variable, "x")}


def test_ensure_data_dir_creates_it(tmp_path: Path) -> None:
    settings = load_settings(environ={}, data_dir=str(tmp_path / "a" / "b"))
    assert ensure_data_dir(settings) == tmp_path / "a" / "b"
    assert (tmp_path / "a" / "b").is_dir()


@pytest.mark.skipif(os.geteuid() == 0, reason="root can write to read-only directories")
def test_unwritable_data_dir_is_one_line(tmp_path: Path) -> None:
    locked = tmp_path / "locked"
    locked.mkdir(mode=0o500)
    settings = load_settings(environ={}, data_dir=str(locked))
    with pytest.raises(SettingsError, match=r"^data_dir: .* is not a writable directory$"):
        ensure_data_dir(settings)


def test_data_dir_under_a_file_is_one_line(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    settings = load_settings(environ={}, data_dir=str(blocker / "data"))
    with pytest.raises(SettingsError, match=r"^data_dir: .* is not a writable directory$"):
        ensure_data_dir(settings)


from hypothesis import given  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

_NAMES = [f"CAREPOST_{name.upper()}" for name in Settings.__dataclass_fields__
          if name != "config_file"]


@given(name=st.sampled_from(_NAMES), value=st.text(max_size=40).filter(lambda v: "\x00" not in v))
def test_any_value_either_loads_or_fails_with_one_line_naming_the_variable(
    name: str, value: str
) -> None:
    marked = value + "Zq9x"  # a marker that must never be echoed back
    try:
        load_settings(environ={name: marked})
    except SettingsError as err:
        message = str(err)
        assert message.startswith(name + ":") and "\n" not in message
        assert "Zq9x" not in message


@pytest.mark.parametrize(
    ("value", "expected"),
    [("", ""), ("https://care.example/", "https://care.example"),
     ("http://127.0.0.1:8000/news", "http://127.0.0.1:8000/news")],
)
def test_public_url_is_an_http_address(value: str, expected: str) -> None:
    assert load_settings(environ={"CAREPOST_PUBLIC_URL": value}).public_url == expected


@pytest.mark.parametrize("value", ["care.example", "javascript:alert(1)", "https://",
                                   "https://care.example/?x=1", "https://u:p@care.example",
                                   "ftp://care.example", "https://care .example"])
def test_a_bad_public_url_names_the_variable(value: str) -> None:
    with pytest.raises(SettingsError) as refused:
        load_settings(environ={"CAREPOST_PUBLIC_URL": value})
    assert str(refused.value).startswith("CAREPOST_PUBLIC_URL:") and "\n" not in str(refused.value)


def test_body_limits_have_safe_defaults_and_bounds() -> None:
    defaults = load_settings(environ={})
    assert (defaults.max_body_bytes, defaults.max_upload_bytes) == (1 << 20, 25 << 20)
    assert defaults.max_upload_bytes > 20_000_000  # an image may be 20 MB (post_media)
    with pytest.raises(SettingsError, match="CAREPOST_MAX_BODY_BYTES"):
        load_settings(environ={"CAREPOST_MAX_BODY_BYTES": "10"})
