"""Podcast audio: the real type from the file's bytes (MP3 or M4A), its size and its duration.

A feed's enclosure needs the type and length, and `itunes:duration` the running time; all three
are read from the file itself, never from a name or a header someone typed. Pure standard
library: MP3 frame headers (with the Xing/Info frame count when present) and the MP4 `mvhd` box.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass

MAX_AUDIO_BYTES = 50_000_000
MAX_DURATION_SECONDS = 4 * 3600
MP3, M4A = "audio/mpeg", "audio/x-m4a"
EXTENSIONS = {MP3: "mp3", M4A: "m4a"}
_M4A_BRANDS = (b"M4A ", b"M4B ", b"mp42", b"mp41", b"isom", b"iso2")
_MP3_KBPS = {
    1: (0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320),
    2: (0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160),
}
_MP3_RATES = {1: (44100, 48000, 32000), 2: (22050, 24000, 16000), 25: (11025, 12000, 8000)}


class AudioError(ValueError):
    """The file is not audio we accept, or is too large or too long; the message says which."""


@dataclass(frozen=True)
class AudioInfo:
    """What a feed needs to know about an episode's file."""

    mime_type: str
    size: int
    duration_seconds: int

    @property
    def extension(self) -> str:
        """The file extension the public URL uses."""
        return EXTENSIONS[self.mime_type]


@dataclass(frozen=True)
class _Frame:
    version: int  # 1, 2 or 25 (MPEG 2.5)
    kbps: int
    rate: int
    mono: bool
    length: int


def _frame_at(data: bytes, offset: int) -> _Frame | None:
    if offset + 4 > len(data) or data[offset] != 0xFF or data[offset + 1] & 0xE0 != 0xE0:
        return None
    b1, b2, b3 = data[offset + 1], data[offset + 2], data[offset + 3]
    version = {3: 1, 2: 2, 0: 25}.get((b1 >> 3) & 3)
    if version is None or (b1 >> 1) & 3 != 1:  # Layer III only: that is what MP3 means
        return None
    bitrate_index, rate_index = b2 >> 4, (b2 >> 2) & 3
    if bitrate_index in (0, 15) or rate_index == 3:
        return None
    kbps = _MP3_KBPS[1 if version == 1 else 2][bitrate_index]
    rate = _MP3_RATES[version][rate_index]
    per_frame = 144 if version == 1 else 72
    length = per_frame * kbps * 1000 // rate + ((b2 >> 1) & 1)
    return _Frame(version, kbps, rate, (b3 >> 6) == 3, length)


def _id3_end(data: bytes) -> int:
    if not data.startswith(b"ID3") or len(data) < 10:
        return 0
    size = 0
    for b in data[6:10]:
        size = (size << 7) | (b & 0x7F)
    return 10 + size + (10 if data[5] & 0x10 else 0)


def _mp3(data: bytes) -> AudioInfo | None:
    start = _id3_end(data)
    frame = _frame_at(data, start)
    # A second frame right after the first: one stray 0xFFE pattern does not make an MP3.
    if frame is None or (start + frame.length + 4 <= len(data)
                         and _frame_at(data, start + frame.length) is None):
        return None
    samples = 1152 if frame.version == 1 else 576
    side = (17 if frame.mono else 32) if frame.version == 1 else (9 if frame.mono else 17)
    tag = start + 4 + side
    seconds: float
    if data[tag:tag + 4] in (b"Xing", b"Info") and len(data) >= tag + 12:
        flags, frames = struct.unpack(">II", data[tag + 4:tag + 12])
        seconds = frames * samples / frame.rate if flags & 1 else 0.0
    else:
        seconds = (len(data) - start) * 8 / (frame.kbps * 1000)
    return AudioInfo(MP3, len(data), round(seconds))


def _boxes(data: bytes, start: int, end: int) -> list[tuple[bytes, int, int]]:
    found, offset = [], start
    while offset + 8 <= end:
        size, kind = struct.unpack(">I4s", data[offset:offset + 8])
        header = 8
        if size == 1 and offset + 16 <= end:
            size, header = struct.unpack(">Q", data[offset + 8:offset + 16])[0], 16
        elif size == 0:
            size = end - offset
        if size < header or offset + size > end:
            break
        found.append((kind, offset + header, offset + size))
        offset += size
    return found


def _m4a(data: bytes) -> AudioInfo | None:
    if data[4:8] != b"ftyp" or data[8:12] not in _M4A_BRANDS:
        return None
    for kind, body, end in _boxes(data, 0, len(data)):
        if kind != b"moov":
            continue
        for inner, start, _stop in _boxes(data, body, end):
            if inner != b"mvhd":
                continue
            if data[start] == 1:
                timescale, duration = struct.unpack(">IQ", data[start + 20:start + 32])
            else:
                timescale, duration = struct.unpack(">II", data[start + 12:start + 20])
            if timescale:
                return AudioInfo(M4A, len(data), round(duration / timescale))
    return None


def inspect(data: bytes) -> AudioInfo:
    """Type, size and duration of an MP3 or M4A file, or AudioError naming what is wrong."""
    if not data:
        raise AudioError("the audio file is empty")
    if len(data) > MAX_AUDIO_BYTES:
        raise AudioError(f"the audio file is {len(data)} bytes; the limit is {MAX_AUDIO_BYTES}")
    try:
        info = _mp3(data) or _m4a(data)
    except (struct.error, IndexError):
        info = None
    if info is None:
        raise AudioError("not an MP3 or M4A audio file")
    if info.duration_seconds <= 0:
        raise AudioError("the audio file has no playing time")
    if info.duration_seconds > MAX_DURATION_SECONDS:
        raise AudioError(f"the audio runs longer than {MAX_DURATION_SECONDS // 3600} hours")
    return info


def itunes_duration(seconds: int) -> str:
    """`H:MM:SS` (or `M:SS`), as podcast apps display it."""
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"
