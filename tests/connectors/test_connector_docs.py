"""Meta-tests: every connector has its files, documents every configuration key, and is listed."""

from __future__ import annotations

import dataclasses
import importlib
from pathlib import Path

import pytest

from carepost.connectors import CONNECTORS

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "src" / "carepost" / "connectors"


@pytest.mark.parametrize("kind", sorted(CONNECTORS))
def test_connector_folder_has_the_same_files_every_time(kind: str) -> None:
    folder = PACKAGE / kind
    for name in ("__init__.py", "connector.py", "schema.py", "README.md"):
        assert (folder / name).is_file(), f"connectors/{kind}/{name} is missing"
    assert (ROOT / "tests" / "connectors" / kind / "__init__.py").is_file()


@pytest.mark.parametrize("kind", sorted(CONNECTORS))
def test_every_configuration_key_is_in_the_readme(kind: str) -> None:
    readme = (PACKAGE / kind / "README.md").read_text(encoding="utf-8")
    schema = importlib.import_module(f"carepost.connectors.{kind}.schema")
    configs = [
        c
        for c in vars(schema).values()
        if dataclasses.is_dataclass(c) and c.__module__ == schema.__name__
    ]
    assert len(configs) == 1, f"connectors/{kind}/schema.py should hold one config dataclass"
    for field in dataclasses.fields(configs[0]):
        assert f"`{field.name}`" in readme, (
            f"connectors/{kind}/README.md does not document `{field.name}`"
        )


@pytest.mark.parametrize("kind", sorted(CONNECTORS))
def test_the_guide_names_every_kind(kind: str) -> None:
    guide = (ROOT / "docs" / "connectors.md").read_text(encoding="utf-8")
    assert f"`{kind}`" in guide
