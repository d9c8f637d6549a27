"""Images before upload: real type by magic bytes, network limits, alt text, metadata stripping.

Phone photos carry EXIF with GPS coordinates (a patient's home, a ward), camera serials and
times; XMP and comments can carry names. `strip_metadata` re-encodes the pixels with none of it,
keeping only the ICC colour profile, after turning the pixels upright by the EXIF orientation
(the tag that said how to turn them is removed with the rest). Messages never quote alt text.
"""

from __future__ import annotations

import io
import re
import warnings
from collections.abc import Sequence
from dataclasses import dataclass

from PIL import Image, ImageOps, ImageSequence, JpegImagePlugin

from carepost.connectors.base import ConnectorMetadata, Media

# Mastodon's default image_matrix_limit (3840 x 2160 x 4): above it networks downscale or refuse,
# and larger images are how decompression bombs arrive. MediaRules has no pixel field yet.
DEFAULT_MAX_PIXELS = 33_177_600

_FORMAT_OF = {"image/jpeg": "JPEG", "image/png": "PNG", "image/gif": "GIF", "image/webp": "WEBP"}
# Frame and palette facts the pixels need; everything else in Pillow's `info` is metadata.
_KEEP_INFO = ("transparency", "duration", "loop", "background", "disposal")
_PLACEHOLDERS = frozenset(
    {
        "image", "photo", "picture", "pic", "img", "graphic", "alt", "alt text", "screenshot",
        "untitled", "logo", "banner", "n/a", "na", "none", "todo", "tbd", "description",
        "image of", "photo of", "picture of", "an image", "a photo", "a picture",
    }
)
_FILENAME = re.compile(r"^\S+\.(?:jpe?g|png|gif|webp|heic|tiff?)$|^(?:img|dsc|pxl)[-_ ]?\d+$", re.I)


class MediaError(ValueError):
    """An image that cannot be read or stripped; the message names the image, not its content."""


class TooManyPixels(MediaError):
    """So many pixels that decoding the image could exhaust memory (a decompression bomb)."""


@dataclass(frozen=True)
class MediaProblem:
    """One broken rule for one image (1-based `index`; 0 for the set as a whole)."""

    index: int
    rule: str  # "type", "size", "pixels", "count", "alt_text", "unsupported"
    message: str


def sniff(data: bytes) -> str | None:
    """The image MIME type from the file's magic bytes, or None when it is none we accept."""
    if data.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if data[:6] in (b"GIF87a", b"GIF89a"):
        return "image/gif"
    if len(data) >= 12 and data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "image/webp"
    return None


def pixel_size(data: bytes) -> tuple[int, int]:
    """Width and height from the image header, without decoding the pixels."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as im:
                return im.size
    except Image.DecompressionBombError:
        raise TooManyPixels("the image has too many pixels to decode safely") from None
    except (OSError, ValueError):
        raise MediaError("the image cannot be read") from None


def alt_text_problem(alt_text: str, filename: str = "") -> str | None:
    """Why the alt text is missing or says nothing (None when it is fine)."""
    text = " ".join(alt_text.split())
    if not text:
        return "has no alt text"
    folded = text.lower().strip(" .!:-")
    if (
        folded in _PLACEHOLDERS
        or (filename and folded == filename.lower())
        or _FILENAME.match(folded)
        or len(folded.split()) < 2
    ):
        return "has alt text that does not describe it (write what the image shows)"
    return None


def check_media(
    items: Sequence[Media], metadata: ConnectorMetadata, *, max_pixels: int = DEFAULT_MAX_PIXELS
) -> list[MediaProblem]:
    """Every rule the images break on this network: type, size, pixels, count, alt text."""
    if not items:
        return []
    name = metadata.display_name
    if "media" not in metadata.capabilities:
        return [MediaProblem(0, "unsupported", f"{name} does not take images")]
    rules = metadata.media
    problems: list[MediaProblem] = []
    if rules.max_count and len(items) > rules.max_count:
        problems.append(
            MediaProblem(0, "count", f"{len(items)} images, {name} takes {rules.max_count}")
        )
    for index, media in enumerate(items, start=1):
        def add(rule: str, message: str, i: int = index) -> None:
            problems.append(MediaProblem(i, rule, f"image {i} {message}"))

        alt = alt_text_problem(media.alt_text, media.filename)
        if alt:
            add("alt_text", alt)
        real = sniff(media.data)
        if real is None:
            add("type", "is not a JPEG, PNG, GIF or WebP image")
            continue
        if real != media.mime_type:
            add("type", f"is declared {media.mime_type} but is {real}")
        if rules.mime_types and real not in rules.mime_types:
            add("type", f"is {real}; {name} takes {', '.join(rules.mime_types)}")
        if rules.max_bytes and len(media.data) > rules.max_bytes:
            add("size", f"is {len(media.data)} bytes; {name} takes {rules.max_bytes}")
        try:
            width, height = pixel_size(media.data)
        except TooManyPixels:
            add("pixels", "has too many pixels to decode safely")
            continue
        except MediaError:
            add("type", "cannot be read")
            continue
        if width * height > max_pixels:
            add("pixels", f"is {width}x{height} pixels; the limit is {max_pixels} pixels")
    return problems


def _clean(frame: Image.Image) -> Image.Image:
    copy = frame.copy()
    copy.info = {k: frame.info[k] for k in _KEEP_INFO if k in frame.info}
    return copy


def strip_metadata(data: bytes, *, max_pixels: int = DEFAULT_MAX_PIXELS) -> bytes:
    """The same image, upright, with EXIF (and GPS), XMP, comments and text chunks removed.

    The ICC profile stays (it is colour, not metadata about anyone). JPEGs are re-encoded with
    their own quantisation tables, so quality does not drop; animated GIF/WebP keep all frames.
    """
    real = sniff(data)
    if real is None:
        raise MediaError("the file is not a JPEG, PNG, GIF or WebP image")
    width, height = pixel_size(data)
    if width * height > max_pixels:
        raise TooManyPixels(
            f"the image has too many pixels ({width}x{height}; at most {max_pixels})"
        )
    fmt = _FORMAT_OF[real]
    out = io.BytesIO()
    try:
        with Image.open(io.BytesIO(data)) as im:
            icc = im.info.get("icc_profile")
            options: dict[str, object] = {"icc_profile": icc} if icc else {}
            if fmt == "JPEG":
                options.update(_jpeg_quality(im))
            elif fmt == "WEBP":
                options.update(_webp_quality(data))
            frames = [_clean(f) for f in ImageSequence.Iterator(im)] if fmt != "JPEG" else []
            if len(frames) > 1:
                # Animations have no orientation in practice; turning frames alone would be wrong.
                first, rest = frames[0], frames[1:]
                first.save(out, fmt, save_all=True, append_images=rest, **options)
            else:
                upright = ImageOps.exif_transpose(im) or im
                _clean(upright).save(out, fmt, **options)
    except (OSError, ValueError, SyntaxError):
        raise MediaError("the image cannot be read or re-encoded") from None
    return out.getvalue()


def _webp_quality(data: bytes) -> dict[str, object]:
    """Lossless stays lossless (pixels exact, even under full transparency); lossy stays high."""
    pos = 12  # after "RIFF", the size and "WEBP": walk the chunks to the first bitstream
    while pos + 8 <= len(data):
        fourcc, size = data[pos : pos + 4], int.from_bytes(data[pos + 4 : pos + 8], "little")
        if fourcc == b"VP8L":
            return {"lossless": True, "exact": True}
        if fourcc == b"VP8 ":
            break
        # An animation frame holds its bitstream after a 16-byte frame header: step inside.
        pos += 8 + 16 if fourcc == b"ANMF" else 8 + size + (size & 1)
    return {"quality": 90}


def _jpeg_quality(im: Image.Image) -> dict[str, object]:
    """Encode with the original's tables and chroma subsampling, not Pillow's default 75."""
    options: dict[str, object] = {}
    tables = getattr(im, "quantization", None)
    if tables:
        options["qtables"] = tables
    sampling = JpegImagePlugin.get_sampling(im)
    if sampling != -1:
        options["subsampling"] = sampling
    return options
