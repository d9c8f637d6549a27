"""What the composer shows for each chosen channel: the variant as the network will get it
(threaded where too long), live counters measured the way the network measures, the rules it
breaks, and the guard's findings highlighted in place (the check page's view, reused)."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

from carepost import guard
from carepost.connectors.base import ConnectorMetadata, Media
from carepost.core import variants
from carepost.services import channel_meta
from carepost.services.posts import MAX_TEXT
from carepost.storage.publishing import Channel
from carepost.web.checkview import CheckView, build

UNIT_LABELS = {"graphemes": "characters", "characters": "characters", "bytes": "bytes"}


@dataclass(frozen=True)
class CounterView:
    """One live counter line: "123 / 300 characters" for a part or the email subject."""

    label: str
    used: int
    limit: int | None
    unit: str

    @property
    def over(self) -> bool:
        """Whether the network would refuse this part as too long."""
        return self.limit is not None and self.used > self.limit


@dataclass(frozen=True)
class ChannelPreview:
    """Everything the composer shows for one channel."""

    channel_id: int
    name: str
    kind: str
    display_name: str
    edited: bool
    text: str
    parts: tuple[str, ...]
    subject: str | None
    counters: tuple[CounterView, ...]
    problems: tuple[str, ...]
    check: CheckView | None
    error: str | None = None
    notes: tuple[str, ...] = field(default=())
    # The title as this network's subject (email), checked like the text.
    subject_check: CheckView | None = None


def _metadata(channel: Channel) -> ConnectorMetadata:
    # The network's rules; Mastodon's limit as its instance said at the last successful "test
    # connection" (stored, so no request on each keystroke), else the default.
    return channel_meta.metadata_for(channel)


def channel_text(master: str, override: str | None) -> tuple[str, bool]:
    """The text a channel gets: its own override when one was written, else the master text."""
    if override is not None and override.strip():
        return override, True
    return master, False


def preview(
    channel: Channel,
    master: str,
    override: str | None,
    title: str,
    media: Sequence[Media] = (),
    checks: dict[str, CheckView | None] | None = None,
    check: Callable[[str, str, str], guard.Verdict] = guard.check,
) -> ChannelPreview:
    """The preview of one channel's variant; `checks` caches guard views by text; `check` is
    the guard as the organisation runs it (services.guard_settings.checker)."""
    metadata = _metadata(channel)
    text, edited = channel_text(master, override)
    cache = checks if checks is not None else {}
    subject = title.strip() or None
    wanted_texts = [text] + ([subject] if subject and "subject" in metadata.formats else [])
    for wanted_text in wanted_texts:
        if wanted_text not in cache:
            # An over-long text is refused anyway: no guard run on every keystroke for it.
            wanted = wanted_text.strip() and len(wanted_text) <= MAX_TEXT
            cache[wanted_text] = (build(check(wanted_text, "outbound", "post"))
                                  if wanted else None)
    check_view = cache[text]
    subject_check = cache[subject] if len(wanted_texts) > 1 and subject else None
    base = dict(channel_id=channel.id, name=channel.name, kind=channel.kind,
                display_name=metadata.display_name, edited=edited, text=text, check=check_view,
                subject_check=subject_check)
    if len(text) > MAX_TEXT:
        return ChannelPreview(**base, parts=(), subject=subject, counters=(),
                              problems=(f"{channel.name}: the text is longer than "
                                        f"{MAX_TEXT} characters",))
    composed = variants.Composed(text=text, media=tuple(media), subject=subject)
    try:
        derived = variants.derive(composed, channel.name, metadata)
    except variants.VariantError as exc:
        return ChannelPreview(**base, parts=(), subject=subject, counters=(),
                              problems=(f"{channel.name}: {exc}",))
    counters = [
        CounterView(
            f"Part {c.part} of {len(derived.parts)}" if len(derived.parts) > 1 else "Text",
            c.used, c.limit, UNIT_LABELS.get(c.unit, c.unit),
        )
        for c in variants.counters(derived, metadata)
    ]
    if "subject" in metadata.formats:
        counters.insert(0, CounterView("Subject", len(subject or ""), None, "characters"))
    problems = tuple(p.message for p in variants.validate(derived, metadata))
    notes: list[str] = []
    if len(derived.parts) > 1:
        notes.append(f"Too long for one post: it goes out as a thread of {len(derived.parts)}.")
    return ChannelPreview(**base, parts=derived.parts, subject=derived.subject,
                          counters=tuple(counters), problems=problems, notes=tuple(notes))


def previews(
    channels: Sequence[Channel],
    master: str,
    overrides: Mapping[int, str],
    title: str,
    media: Sequence[Media] = (),
    check: Callable[[str, str, str], guard.Verdict] = guard.check,
) -> list[ChannelPreview]:
    """Previews for the chosen channels, the guard run once per distinct text."""
    checks: dict[str, CheckView | None] = {}
    return [preview(c, master, overrides.get(c.id), title, media, checks, check)
            for c in channels]
