"""Images: real files built here with GPS EXIF, XMP, comments and ICC; all but ICC must go."""

from __future__ import annotations

import io
import struct
import zlib

import pytest
from PIL import Image, ImageCms, ImageSequence, PngImagePlugin
from PIL.ExifTags import GPS, IFD, Base

from carepost.connectors.base import ConnectorMetadata, Media, MediaRules
from carepost.core.media import (
    MediaError,
    TooManyPixels,
    alt_text_problem,
    check_media,
    sniff,
    strip_metadata,
)

GPS_TAGS = {
    GPS.GPSLatitudeRef: "N",
    GPS.GPSLatitude: (40.0, 26.0, 46.0),
    GPS.GPSLongitudeRef: "W",
    GPS.GPSLongitude: (79.0, 58.0, 56.0),
}
SERIAL = "SN-4471-CAMERA"
XMP = (
    b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF '
    b'xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description '
    b'xmlns:dc="http://purl.org/dc/elements/1.1/" dc:creator="Jane Roe, room 12"/>'
    b"</rdf:RDF></x:xmpmeta>"
)
COMMENT = b"Patient Jane Roe, ward 3"
ICC = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
RED, BLUE = (220, 20, 20), (20, 20, 220)


def exif(orientation: int = 1) -> Image.Exif:
    e = Image.Exif()
    e[Base.Orientation] = orientation
    e[Base.Make] = "PhoneCo"
    e[Base.BodySerialNumber] = SERIAL
    e[IFD.GPSInfo] = GPS_TAGS
    return e


def two_tone(mode: str = "RGB") -> Image.Image:
    """Left half red, right half blue: 60 wide, 30 high."""
    im = Image.new("RGB", (60, 30), RED)
    im.paste(BLUE, (30, 0, 60, 30))
    return im.convert(mode)


def jpeg(orientation: int = 1) -> bytes:
    out = io.BytesIO()
    two_tone().save(
        out, "JPEG", quality=92, exif=exif(orientation), icc_profile=ICC, comment=COMMENT, xmp=XMP
    )
    return out.getvalue()


def png() -> bytes:
    info = PngImagePlugin.PngInfo()
    info.add_text("Comment", COMMENT.decode())
    info.add_itxt("XML:com.adobe.xmp", XMP.decode())
    out = io.BytesIO()
    two_tone().save(out, "PNG", exif=exif(), icc_profile=ICC, pnginfo=info)
    return out.getvalue()


def webp() -> bytes:
    out = io.BytesIO()
    two_tone().save(out, "WEBP", lossless=True, exif=exif(), icc_profile=ICC, xmp=XMP)
    return out.getvalue()


def animated_gif() -> bytes:
    frames = [Image.new("RGB", (20, 20), c) for c in (RED, BLUE, (20, 200, 20))]
    out = io.BytesIO()
    frames[0].save(
        out, "GIF", save_all=True, append_images=frames[1:], duration=[100, 200, 300], loop=0,
        comment=COMMENT,
    )
    return out.getvalue()


def close(a: tuple[int, ...], b: tuple[int, ...], tolerance: int = 40) -> bool:
    return all(abs(x - y) <= tolerance for x, y in zip(a, b, strict=False))


def assert_no_metadata(data: bytes) -> Image.Image:
    for needle in (b"Exif\x00\x00", b"PhoneCo", SERIAL.encode(), b"adobe:ns:meta", b"Jane Roe"):
        assert needle not in data, needle
    im = Image.open(io.BytesIO(data))
    assert not im.getexif(), "EXIF survived"
    assert not im.getexif().get_ifd(IFD.GPSInfo), "GPS survived"
    for key in ("exif", "xmp", "XML:com.adobe.xmp", "comment", "Comment"):
        assert key not in im.info, key
    return im


@pytest.mark.parametrize("build", [jpeg, png, webp], ids=["jpeg", "png", "webp"])
def test_the_built_files_really_carry_gps_and_the_stripped_ones_do_not(build: object) -> None:
    data = build()  # type: ignore[operator]
    before = Image.open(io.BytesIO(data))
    assert before.getexif().get_ifd(IFD.GPSInfo)[GPS.GPSLatitude] == (40.0, 26.0, 46.0)
    assert SERIAL.encode() in data and b"Jane Roe" in data  # the test would prove nothing else
    stripped = strip_metadata(data)
    after = assert_no_metadata(stripped)
    assert after.format == before.format
    assert after.info.get("icc_profile") == ICC, "the colour profile must stay"
    if after.format in ("PNG", "WEBP"):  # both built lossless, with an ICC chunk before the pixels
        assert after.convert("RGB").tobytes() == before.convert("RGB").tobytes()
    assert after.size == (60, 30)
    assert close(after.convert("RGB").getpixel((10, 15)), RED)


def test_exif_orientation_turns_the_pixels_before_the_tag_goes() -> None:
    stripped = strip_metadata(jpeg(orientation=6))  # 6: turn 90 degrees clockwise to view
    im = assert_no_metadata(stripped)
    assert im.size == (30, 60)
    # The left (red) half of the stored pixels is the top once turned clockwise.
    assert close(im.convert("RGB").getpixel((15, 10)), RED)
    assert close(im.convert("RGB").getpixel((15, 50)), BLUE)


def test_jpeg_quality_is_kept_by_reusing_the_original_tables() -> None:
    original = jpeg()
    stripped = Image.open(io.BytesIO(strip_metadata(original)))
    assert stripped.quantization == Image.open(io.BytesIO(original)).quantization


def test_an_animated_gif_keeps_its_frames_and_loses_its_comment() -> None:
    data = animated_gif()
    assert COMMENT in data and Image.open(io.BytesIO(data)).n_frames == 3
    stripped = strip_metadata(data)
    assert COMMENT not in stripped
    im = Image.open(io.BytesIO(stripped))
    assert im.n_frames == 3 and "comment" not in im.info
    assert [f.info["duration"] for f in ImageSequence.Iterator(im)] == [100, 200, 300]


def test_an_animated_webp_keeps_its_frames_and_loses_exif_and_xmp() -> None:
    frames = [Image.new("RGB", (20, 20), c) for c in (RED, BLUE)]
    out = io.BytesIO()
    frames[0].save(
        out, "WEBP", save_all=True, append_images=frames[1:], duration=100, lossless=True,
        exif=exif(), xmp=XMP,
    )
    assert SERIAL.encode() in out.getvalue()
    im = assert_no_metadata(strip_metadata(out.getvalue()))
    assert im.n_frames == 2
    im.seek(1)
    assert im.convert("RGB").getpixel((5, 5)) == BLUE


def test_a_phone_mpo_becomes_one_plain_jpeg_without_its_second_picture() -> None:
    out = io.BytesIO()
    two_tone().save(out, "MPO", save_all=True, append_images=[two_tone("L")], exif=exif())
    assert Image.open(io.BytesIO(out.getvalue())).n_frames == 2
    assert sniff(out.getvalue()) == "image/jpeg"
    im = assert_no_metadata(strip_metadata(out.getvalue()))
    assert im.format == "JPEG" and getattr(im, "n_frames", 1) == 1


def test_a_cmyk_jpeg_and_a_plain_png_survive_stripping() -> None:
    out = io.BytesIO()
    two_tone("CMYK").save(out, "JPEG", exif=exif())
    im = assert_no_metadata(strip_metadata(out.getvalue()))
    assert im.mode == "CMYK"
    assert close(im.convert("RGB").getpixel((10, 15)), RED)  # no Adobe inversion mix-up
    plain = io.BytesIO()
    two_tone().save(plain, "PNG")
    assert Image.open(io.BytesIO(strip_metadata(plain.getvalue()))).size == (60, 30)


LOSSLESS = [
    *[("PNG", m) for m in ("1", "L", "LA", "P", "RGBA", "I;16")],
    *[(f, m) for f in ("GIF", "WEBP") for m in ("1", "L", "P", "RGBA")],
]


@pytest.mark.parametrize(("fmt", "mode"), LOSSLESS)
def test_lossless_formats_keep_every_pixel_and_transparency(fmt: str, mode: str) -> None:
    im = two_tone("RGBA" if mode in ("P", "RGBA") else "RGB")
    im.putpixel((0, 0), (0, 0, 0, 0) if im.mode == "RGBA" else (0, 0, 0))
    im = im.convert(mode) if mode != "P" else im.convert("P", palette=Image.Palette.ADAPTIVE)
    if mode == "P":
        im.info["transparency"] = im.getpixel((0, 0))
    out = io.BytesIO()
    im.save(out, fmt, **({"lossless": True} if fmt == "WEBP" else {}))
    before = Image.open(io.BytesIO(out.getvalue()))
    after = Image.open(io.BytesIO(strip_metadata(out.getvalue())))
    assert after.format == fmt  # the mode may differ for GIF (L or P): the pixels may not
    assert after.convert("RGBA").tobytes() == before.convert("RGBA").tobytes()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"%PDF-1.7 not an image", "not a JPEG, PNG, GIF or WebP"),
        (b"\xff\xd8\xff\xe0 truncated", "cannot be read"),
        (b"", "not a JPEG"),
    ],
)
def test_unreadable_files_are_a_one_line_error(data: bytes, message: str) -> None:
    with pytest.raises(MediaError, match=message):
        strip_metadata(data)


def png_header_only(width: int, height: int) -> bytes:
    """A PNG whose header claims `width` x `height` pixels: how a decompression bomb starts."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        crc = struct.pack(">I", zlib.crc32(kind + body))
        return struct.pack(">I", len(body)) + kind + body + crc

    ihdr = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IEND", b"")


def test_a_decompression_bomb_is_refused_before_decoding() -> None:
    bomb = png_header_only(20_000, 20_000)  # 400 Mpx claimed in 45 bytes
    with pytest.raises(TooManyPixels, match="too many pixels"):
        strip_metadata(bomb)
    problems = check_media([Media(bomb, "image/png", ALT)], META)
    assert [(p.index, p.rule) for p in problems] == [(1, "pixels")]


def test_the_pixel_limit_is_the_callers() -> None:
    with pytest.raises(TooManyPixels, match=r"60x30; at most 1000"):
        strip_metadata(png(), max_pixels=1000)
    assert strip_metadata(png(), max_pixels=1800)


@pytest.mark.parametrize(
    ("build", "mime"),
    [(jpeg, "image/jpeg"), (png, "image/png"), (webp, "image/webp"), (animated_gif, "image/gif")],
)
def test_sniff_reads_magic_bytes(build: object, mime: str) -> None:
    assert sniff(build()) == mime  # type: ignore[operator]


def test_sniff_ignores_names_and_rejects_other_files() -> None:
    assert sniff(b"<svg xmlns='http://www.w3.org/2000/svg'/>") is None
    assert sniff(b"RIFF\x00\x00\x00\x00WAVEfmt ") is None


@pytest.mark.parametrize(
    ("alt", "filename", "ok"),
    [
        ("Nurses at the flu clinic holding vaccine vials", "x.jpg", True),
        ("Our new MRI suite", "x.jpg", True),
        ("", "x.jpg", False),
        ("   ", "x.jpg", False),
        ("image", "x.jpg", False),
        ("Photo.", "x.jpg", False),
        ("IMG_2041.JPG", "IMG_2041.JPG", False),
        ("img_2041", "other.png", False),
        ("clinic.png", "clinic.png", False),
        ("Sunrise", "x.jpg", False),  # one word says too little
        ("picture of", "x.jpg", False),
    ],
)
def test_alt_text_must_describe_the_image(alt: str, filename: str, ok: bool) -> None:
    assert (alt_text_problem(alt, filename) is None) is ok


META = ConnectorMetadata(
    kind="test",
    display_name="Testnet",
    text_limit=100,
    media=MediaRules(mime_types=("image/jpeg", "image/png"), max_bytes=5_000, max_count=2),
    capabilities=frozenset({"publish", "media"}),
)
ALT = "Volunteers planting the hospital garden"


def test_check_media_lists_every_broken_rule_by_image() -> None:
    big = io.BytesIO()
    Image.effect_noise((200, 200), 100).convert("RGB").save(big, "PNG")
    items = [
        Media(jpeg(), "image/jpeg", ALT),
        Media(png(), "image/jpeg", "photo"),  # wrong declared type, trivial alt text
        Media(webp(), "image/webp", ALT),  # not taken by this network
        Media(big.getvalue(), "image/png", ALT),  # too many bytes, and too many images
        Media(b"GIF89a-not-really", "image/gif", ALT),
    ]
    problems = {(p.index, p.rule) for p in check_media(items, META, max_pixels=10_000)}
    assert (0, "count") in problems
    assert (1, "type") not in problems and (1, "alt_text") not in problems
    assert {(2, "type"), (2, "alt_text")} <= problems
    assert (3, "type") in problems
    assert {(4, "size"), (4, "pixels")} <= problems
    assert (5, "type") in problems
    assert not any(i == 1 for i, _ in problems)


def test_check_media_messages_name_the_image_never_the_alt_text() -> None:
    alt = "Jane Roe in room 12"  # alt text is reviewed like text: never echoed in errors
    problems = check_media([Media(b"nope", "image/png", alt)], META)
    assert problems and all("Jane" not in p.message for p in problems)
    assert problems[0].message.startswith("image 1 ")


def test_a_network_without_images_says_so_and_no_images_is_fine() -> None:
    text_only = ConnectorMetadata(kind="t", display_name="Textnet", text_limit=10)
    assert [p.rule for p in check_media([Media(jpeg(), "image/jpeg", ALT)], text_only)] == [
        "unsupported"
    ]
    assert check_media([], text_only) == []
