"""Blog channel configuration: which organisation's blog, and what its feeds say about it."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any

from carepost.connectors.config import ConfigError, parse_config, require_url

_SLUG = re.compile(r"^[a-z0-9][a-z0-9-]{0,63}$")
_LANGUAGE = re.compile(r"^[a-zA-Z]{2,3}(?:-[a-zA-Z0-9]{2,8})*$")


@dataclass(frozen=True)
class BlogConfig:
    """The blog at `/blog/<org>/`: its title and description, and the podcast feed's tags."""

    org: str
    title: str
    description: str = ""
    language: str = "en"
    author: str = ""
    public_url: str = ""
    podcast_category: str = "Health & Fitness"
    podcast_explicit: bool = False
    podcast_image_url: str = ""
    comments_enabled: bool = True

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any]) -> BlogConfig:
        """Validate stored configuration; unknown keys are refused."""
        config = parse_config(cls, data)
        if not _SLUG.match(config.org):
            raise ConfigError("org must be the organisation's slug (lower-case letters, digits, -)")
        title = config.title.strip()
        if not 1 <= len(title) <= 200 or "\n" in title:
            raise ConfigError("title must be one line of 1 to 200 characters")
        if not _LANGUAGE.match(config.language):
            raise ConfigError("language must be a language tag such as en or en-GB")
        if len(config.author) > 200 or len(config.podcast_category) > 100:
            raise ConfigError("author (200) or podcast_category (100) is too long")
        public_url = require_url("public_url", config.public_url) if config.public_url else ""
        image = (require_url("podcast_image_url", config.podcast_image_url)
                 if config.podcast_image_url else "")
        return replace(config, title=title, public_url=public_url, podcast_image_url=image)
