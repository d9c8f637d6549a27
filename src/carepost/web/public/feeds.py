"""RSS 2.0, Atom 1.0 and podcast (RSS + iTunes tags) documents for a blog, built as XML trees.

ElementTree escapes every text and attribute, so an entry's title or HTML can never break the
document; characters XML 1.0 forbids (control characters) are dropped first.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from datetime import UTC, datetime
from email.utils import format_datetime

from carepost.connectors.blog.audio import itunes_duration
from carepost.services.blog import PublicBlog, PublicEntry

ATOM_NS = "http://www.w3.org/2005/Atom"
ITUNES_NS = "http://www.itunes.com/dtds/podcast-1.0.dtd"
ET.register_namespace("atom", ATOM_NS)
ET.register_namespace("itunes", ITUNES_NS)
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
GENERATOR = "carepost"


def _clean(text: str) -> str:
    return _NOT_XML.sub("", text)


def _sub(parent: ET.Element, tag: str, content: str | None = None, /,
         **attrib: str) -> ET.Element:
    element = ET.SubElement(parent, tag, {k: _clean(v) for k, v in attrib.items()})
    if content is not None:
        element.text = _clean(content)
    return element


def _rfc822(moment: datetime) -> str:
    return format_datetime(moment.astimezone(UTC), usegmt=True)


def _rfc3339(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def _document(root: ET.Element) -> bytes:
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)


def _updated(blog: PublicBlog, items: Sequence[PublicEntry]) -> datetime:
    return max([blog.updated_at, *(e.published_at for e in items)])


def entry_url(base: str, blog: PublicBlog, entry: PublicEntry) -> str:
    """The absolute address of an entry's page."""
    return f"{base}/blog/{blog.org_slug}/{entry.slug}"


def audio_url(base: str, blog: PublicBlog, entry: PublicEntry) -> str:
    """The absolute address of an entry's audio file."""
    assert entry.audio is not None
    return f"{entry_url(base, blog, entry)}/audio.{entry.audio.extension}"


def _rss_channel(base: str, blog: PublicBlog, items: Sequence[PublicEntry],
                 feed: str, root: ET.Element) -> ET.Element:
    channel = _sub(root, "channel")
    _sub(channel, "title", blog.title)
    _sub(channel, "link", f"{base}/blog/{blog.org_slug}/")
    _sub(channel, "description", blog.description or blog.title)
    _sub(channel, "language", blog.language)
    _sub(channel, "lastBuildDate", _rfc822(_updated(blog, items)))
    _sub(channel, "generator", GENERATOR)
    _sub(channel, f"{{{ATOM_NS}}}link", href=f"{base}/blog/{blog.org_slug}/{feed}",
         rel="self", type="application/rss+xml")
    return channel


def _rss_item(channel: ET.Element, base: str, blog: PublicBlog, entry: PublicEntry) -> ET.Element:
    item = _sub(channel, "item")
    url = entry_url(base, blog, entry)
    _sub(item, "title", entry.title)
    _sub(item, "link", url)
    _sub(item, "guid", url, isPermaLink="true")
    _sub(item, "pubDate", _rfc822(entry.published_at))
    _sub(item, "description", entry.body_html)
    return item


def rss(base: str, blog: PublicBlog, items: Sequence[PublicEntry]) -> bytes:
    """RSS 2.0: one item per entry, its HTML in `description`."""
    root = ET.Element("rss", {"version": "2.0"})
    channel = _rss_channel(base, blog, items, "rss.xml", root)
    for entry in items:
        _rss_item(channel, base, blog, entry)
    return _document(root)


def atom(base: str, blog: PublicBlog, items: Sequence[PublicEntry]) -> bytes:
    """Atom 1.0: one entry per entry, its HTML as `content type="html"`."""
    a = f"{{{ATOM_NS}}}"
    root = ET.Element(f"{a}feed", {"{http://www.w3.org/XML/1998/namespace}lang": blog.language})
    home = f"{base}/blog/{blog.org_slug}/"
    _sub(root, f"{a}title", blog.title)
    if blog.description:
        _sub(root, f"{a}subtitle", blog.description)
    _sub(root, f"{a}id", home)
    _sub(root, f"{a}updated", _rfc3339(_updated(blog, items)))
    _sub(root, f"{a}link", rel="self", href=f"{home}atom.xml", type="application/atom+xml")
    _sub(root, f"{a}link", rel="alternate", href=home, type="text/html")
    _sub(_sub(root, f"{a}author"), f"{a}name", blog.author or blog.title)
    _sub(root, f"{a}generator", GENERATOR)
    for entry in items:
        url = entry_url(base, blog, entry)
        node = _sub(root, f"{a}entry")
        _sub(node, f"{a}title", entry.title)
        _sub(node, f"{a}id", url)
        _sub(node, f"{a}link", rel="alternate", href=url, type="text/html")
        _sub(node, f"{a}published", _rfc3339(entry.published_at))
        _sub(node, f"{a}updated", _rfc3339(entry.published_at))
        _sub(node, f"{a}content", entry.body_html, type="html")
    return _document(root)


def podcast(base: str, blog: PublicBlog, items: Sequence[PublicEntry]) -> bytes:
    """RSS 2.0 with enclosures and the iTunes tags podcast directories read."""
    i = f"{{{ITUNES_NS}}}"
    explicit = "true" if blog.podcast_explicit else "false"
    root = ET.Element("rss", {"version": "2.0"})
    channel = _rss_channel(base, blog, items, "podcast.xml", root)
    _sub(channel, f"{i}author", blog.author or blog.title)
    _sub(channel, f"{i}summary", blog.description or blog.title)
    _sub(channel, f"{i}explicit", explicit)
    _sub(channel, f"{i}category", text=blog.podcast_category)
    if blog.podcast_image_url:
        _sub(channel, f"{i}image", href=blog.podcast_image_url)
    _sub(channel, f"{i}type", "episodic")
    for entry in items:
        if entry.audio is None:
            continue
        item = _rss_item(channel, base, blog, entry)
        _sub(item, "enclosure", url=audio_url(base, blog, entry),
             length=str(entry.audio.size), type=entry.audio.mime_type)
        _sub(item, f"{i}duration", itunes_duration(entry.audio.duration_seconds or 0))
        _sub(item, f"{i}explicit", explicit)
        _sub(item, f"{i}author", blog.author or blog.title)
    return _document(root)
