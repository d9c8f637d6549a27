"""Audio files for tests, built byte by byte from the MPEG-1 Layer III and ISO BMFF layouts.

No encoder is installed here, so the files are silence-free noise frames with correct headers:
exactly what the inspector reads (frame headers, the Xing/Info count, the `mvhd` box).
"""

from __future__ import annotations

import struct

FRAME_HEADER = bytes((0xFF, 0xFB, 0x90, 0x44))  # MPEG-1 Layer III, 128 kbps, 44.1 kHz, joint
FRAME_BYTES = 417  # 144 * 128000 / 44100, no padding
SECONDS_PER_FRAME = 1152 / 44100


def mp3(frames: int, *, id3: bool = True, xing: bool = False) -> bytes:
    """A constant-bitrate MP3 of `frames` frames (about 26 ms each), optionally tagged."""
    out = bytearray()
    if id3:
        tag = b"TIT2" + struct.pack(">I", 6) + b"\x00\x00" + b"\x03Test\x00"
        size = len(tag)
        out += b"ID3\x04\x00\x00" + bytes(((size >> 21) & 127, (size >> 14) & 127,
                                          (size >> 7) & 127, size & 127)) + tag
    for index in range(frames):
        body = bytearray(FRAME_BYTES - 4)
        if xing and index == 0:
            body[32:44] = b"Info" + struct.pack(">II", 1, frames - 1)
        else:
            body[40:] = bytes((i * 7 + index) % 251 for i in range(len(body) - 40))
        out += FRAME_HEADER + body
    return bytes(out)


def _box(kind: bytes, payload: bytes) -> bytes:
    return struct.pack(">I", 8 + len(payload)) + kind + payload


def m4a(seconds: int, timescale: int = 44100) -> bytes:
    """An M4A file: `ftyp`, a `moov` with its `mvhd` (version 0), and an `mdat`."""
    mvhd = struct.pack(">B3xIIII", 0, 0, 0, timescale, seconds * timescale) + bytes(80)
    return (_box(b"ftyp", b"M4A \x00\x00\x00\x00M4A mp42isom")
            + _box(b"moov", _box(b"mvhd", mvhd))
            + _box(b"mdat", bytes(2048)))
