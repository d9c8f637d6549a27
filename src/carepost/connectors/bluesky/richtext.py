"""Link and mention facets: Bluesky does not linkify text, the client marks byte ranges itself."""

from __future__ import annotations

import re
from collections.abc import Callable

from atproto import models

# After the AT Protocol's reference implementation: URLs with a scheme, and @handles with a dot.
_URL = re.compile(r"https?://[^\s<>\"'`]+[^\s<>\"'`.,;:!?)\]}]")
_LABEL = r"[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?"
_MENTION = re.compile(rf"(?:^|(?<=[\s(]))@({_LABEL}(?:\.{_LABEL})+)")


def _byte_span(text: str, start: int, end: int) -> models.AppBskyRichtextFacet.ByteSlice:
    return models.AppBskyRichtextFacet.ByteSlice(
        byte_start=len(text[:start].encode("utf-8")), byte_end=len(text[:end].encode("utf-8"))
    )


def facets(
    text: str, resolve: Callable[[str], str | None]
) -> list[models.AppBskyRichtextFacet.Main]:
    """Link facets for URLs, mention facets for @handles that `resolve` maps to a DID."""
    found: list[models.AppBskyRichtextFacet.Main] = []
    for match in _URL.finditer(text):
        found.append(
            models.AppBskyRichtextFacet.Main(
                index=_byte_span(text, match.start(), match.end()),
                features=[models.AppBskyRichtextFacet.Link(uri=match.group(0))],
            )
        )
    for match in _MENTION.finditer(text):
        did = resolve(match.group(1))
        if did is None:
            continue  # an unknown handle stays plain text, as in the official app
        found.append(
            models.AppBskyRichtextFacet.Main(
                index=_byte_span(text, match.start(), match.end()),
                features=[models.AppBskyRichtextFacet.Mention(did=did)],
            )
        )
    return found
