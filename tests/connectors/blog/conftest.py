"""Blog connector fixtures: the organisations' blogs on the migrated test database."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import Engine

from carepost.connectors.blog.connector import BlogConnector
from carepost.connectors.blog.schema import BlogConfig
from carepost.storage.blog_store import SqlBlogStore
from tests.conftest import ORG_SLUG, OTHER_SLUG, Personas


def blog_config(org: str = ORG_SLUG, **extra: Any) -> dict[str, Any]:
    """A blog channel's configuration for `org`."""
    return {"org": org, "title": "Plainview Care news", "public_url": "https://care.example",
            "description": "News from the clinic", **extra}


@pytest.fixture
def blog(engine: Engine, personas: Personas) -> BlogConnector:
    """Plainview's blog connector on the test database."""
    return BlogConnector(BlogConfig.from_mapping(blog_config()), SqlBlogStore(engine))


@pytest.fixture
def other_blog(engine: Engine, personas: Personas) -> BlogConnector:
    """Riverside's blog connector on the same database."""
    return BlogConnector(BlogConfig.from_mapping(blog_config(OTHER_SLUG, title="Riverside")),
                         SqlBlogStore(engine))
