"""The public blog: index, entry pages with approved comments and a comment form, files, feeds.

No login. Everything a reader or a post supplied is escaped by the templates (the entry's HTML
was built escaped by the connector); only the name a commenter chose is shown with a comment.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from typing import Annotated, Any
from urllib.parse import parse_qs, quote

from fastapi import APIRouter, Path, Request
from fastapi.responses import RedirectResponse, Response, StreamingResponse
from starlette.concurrency import run_in_threadpool

from carepost.connectors.blog.audio import EXTENSIONS
from carepost.crypto import derive, load_or_create_key
from carepost.logs import log_event
from carepost.services import blog as service
from carepost.services.blog import CommentForm, PublicBlog, PublicEntry, TooManyComments
from carepost.services.errors import NotFound, ValidationFailed
from carepost.storage.db import read_only, transaction
from carepost.web.deps import remote_addr, state
from carepost.web.public import feeds, formtoken
from carepost.web.templating import render, render_error

log = logging.getLogger("carepost.blog")
router = APIRouter(include_in_schema=False)
PER_PAGE = 10
FEED_ITEMS = 50
CHUNK = 256 * 1024  # bytes of a file read from the database at a time
MAX_FORM_BYTES = 64_000  # a full comment in multi-byte characters, percent-encoded, fits
HONEYPOT = "website"
# Plain strings: an address that cannot exist is a 404 like any unknown entry, not a 422.
Org = Annotated[str, Path()]
Slug = Annotated[str, Path()]
_TOKEN_MESSAGES = {
    formtoken.TokenProblem.INVALID: (400, "This form could not be checked. Your comment is "
                                          "below: please send it again."),
    formtoken.TokenProblem.EXPIRED: (400, "This form was open for a long time and has expired. "
                                          "Your comment is below: please send it again."),
    formtoken.TokenProblem.TOO_FAST: (429, "That was very quick. Please wait a few seconds, "
                                           "then send your comment again."),
}


def _form_key(request: Request) -> bytes:
    cached = getattr(request.app.state, "blog_form_key", None)
    if cached is None:
        cached = derive(load_or_create_key(state(request).settings), "blog-comment-form")
        request.app.state.blog_form_key = cached
    return cached


def _base(request: Request, blog: PublicBlog) -> str | None:
    """Absolute links: the blog channel's public address, else the site's; None when neither.

    Never the address the request came to: its Host header is the client's choice, and a feed
    built from a forged one would be cached by proxies and served to every reader.
    """
    return blog.public_url or state(request).settings.public_url or None


def _not_found(request: Request) -> Response:
    return render_error(request, 404, heading="Not found",
                        message="There is no blog or entry at this address.")


Loaded = tuple[PublicBlog, PublicEntry | None, list[service.PublicComment]]


def _load(request: Request, org: str, slug: str | None = None) -> Loaded | None:
    with read_only(state(request).factory) as session:
        blog = service.public_blog(session, org)
        if blog is None:
            return None
        if slug is None:
            return blog, None, []
        entry = service.entry(session, blog.id, slug)
        if entry is None:
            return None
        return blog, entry, service.approved_comments(session, entry.id)


def _entry_page(request: Request, org: str, slug: str, *, form: CommentForm | None = None,
                status: int = 200, notice: str = "", headers: dict[str, str] | None = None
                ) -> Response:
    loaded = _load(request, org, slug)
    if loaded is None:
        return _not_found(request)
    blog, entry, comments = loaded
    assert entry is not None
    return render(request, "blog/entry.html", status=status, headers=headers, blog=blog,
                  entry=entry, comments=comments, form=form or CommentForm(), notice=notice,
                  form_token=formtoken.issue(_form_key(request), entry.id),
                  title=entry.title)


@router.get("/blog/{org}")
def blog_root(org: Org) -> Response:
    """The index lives at the address with the trailing slash."""
    return RedirectResponse(f"/blog/{quote(org)}/", status_code=308)


@router.get("/blog/{org}/")
def blog_index(request: Request, org: Org) -> Response:
    """The newest entries, `PER_PAGE` a page (`?page=2`...)."""
    raw = request.query_params.get("page", "1")
    page = int(raw) if raw.isdigit() and 0 < len(raw) < 7 else 0
    with read_only(state(request).factory) as session:
        blog = service.public_blog(session, org)
        if blog is None or page < 1:
            return _not_found(request)
        total = service.count_entries(session, blog.id)
        items = service.entries(session, blog.id, offset=(page - 1) * PER_PAGE, limit=PER_PAGE)
    pages = max(1, -(-total // PER_PAGE))
    if page > pages:
        return _not_found(request)
    return render(request, "blog/index.html", blog=blog, entries=items, page=page,
                  pages=pages, title=blog.title)


def _feed(request: Request, org: str, kind: str) -> Response:
    with read_only(state(request).factory) as session:
        blog = service.public_blog(session, org)
        if blog is None:
            return _not_found(request)
        items = service.entries(session, blog.id, limit=FEED_ITEMS,
                                audio_only=kind == "podcast")
    base = _base(request, blog)
    if base is None:
        return render_error(request, 404, heading="Feed not available",
                            message="This blog's feeds need the site's public address, which "
                                    "is not configured (CAREPOST_PUBLIC_URL).")
    build = {"rss": feeds.rss, "atom": feeds.atom, "podcast": feeds.podcast}[kind]
    media = "application/atom+xml" if kind == "atom" else "application/rss+xml"
    return Response(build(base, blog, items),
                    media_type=f"{media}; charset=utf-8")


@router.api_route("/blog/{org}/rss.xml", methods=["GET", "HEAD"])
def blog_rss(request: Request, org: Org) -> Response:
    """RSS 2.0."""
    return _feed(request, org, "rss")


@router.api_route("/blog/{org}/atom.xml", methods=["GET", "HEAD"])
def blog_atom(request: Request, org: Org) -> Response:
    """Atom 1.0."""
    return _feed(request, org, "atom")


@router.api_route("/blog/{org}/podcast.xml", methods=["GET", "HEAD"])
def blog_podcast(request: Request, org: Org) -> Response:
    """The podcast: entries with audio, with enclosures and iTunes tags."""
    return _feed(request, org, "podcast")


@router.get("/blog/{org}/{slug}")
def blog_entry(request: Request, org: Org, slug: Slug) -> Response:
    """One entry, its approved comments and the comment form."""
    held = request.query_params.get("comment") == "held"
    notice = ("Thank you. Your comment will appear here once it has been reviewed."
              if held else "")
    return _entry_page(request, org, slug, notice=notice)


def _byte_range(header: str | None, size: int) -> tuple[int, int] | None:
    """The one range of a `Range: bytes=a-b` header (podcast apps seek with it), or None."""
    if not header or not header.startswith("bytes=") or "," in header:
        return None
    first, _, last = header[6:].strip().partition("-")
    if first.isdigit():
        start, end = int(first), int(last) if last.isdigit() else size - 1
    elif last.isdigit():  # the last N bytes
        start, end = max(0, size - int(last)), size - 1
    else:
        return None
    return (start, min(end, size - 1)) if start <= end and start < size else None


def _chunks(factory: Any, file_id: int, start: int, end: int) -> Iterator[bytes]:
    """The bytes start..end (inclusive), CHUNK at a time, each read in its own short read-only
    transaction: a slow listener holds no database snapshot, and memory stays one chunk."""
    position = start
    while position <= end:
        length = min(CHUNK, end + 1 - position)
        with read_only(factory) as session:
            data = service.file_bytes(session, file_id, position, length)
        if not data:  # the entry was deleted while it was being sent: stop short
            return
        yield data
        position += len(data)


def _file(request: Request, org: str, slug: str, kind: str, position: int,
          ext: str | None = None) -> Response:
    factory = state(request).factory
    with read_only(factory) as session:
        blog = service.public_blog(session, org)
        entry = None if blog is None else service.entry(session, blog.id, slug)
        info = None if entry is None else service.file_info(session, entry.id, kind, position)
        if info is None or (ext is not None and EXTENSIONS.get(info.mime_type) != ext):
            return _not_found(request)
    size = info.size
    headers = {"Content-Disposition": "inline", "Accept-Ranges": "bytes"}
    wanted = request.headers.get("range")
    span = _byte_range(wanted, size)
    if wanted and span is None:
        return Response(status_code=416, headers={"Content-Range": f"bytes */{size}"})
    status, (start, end) = (206, span) if span is not None else (200, (0, size - 1))
    if span is not None:
        headers["Content-Range"] = f"bytes {start}-{end}/{size}"
    headers["Content-Length"] = str(end + 1 - start)
    if request.method == "HEAD":  # the size is known: nothing to read
        return Response(status_code=status, media_type=info.mime_type, headers=headers)
    return StreamingResponse(_chunks(factory, info.id, start, end), status_code=status,
                             media_type=info.mime_type, headers=headers)


@router.api_route("/blog/{org}/{slug}/media/{position}", methods=["GET", "HEAD"])
def blog_image(request: Request, org: Org, slug: Slug,
               position: Annotated[int, Path(ge=1, le=100)]) -> Response:
    """An entry's image (stored already stripped of EXIF/GPS)."""
    return _file(request, org, slug, "image", position)


@router.api_route("/blog/{org}/{slug}/audio.{ext}", methods=["GET", "HEAD"])
def blog_audio(request: Request, org: Org, slug: Slug,
               ext: str) -> Response:
    """An entry's audio: the podcast enclosure."""
    return _file(request, org, slug, "audio", 1, ext)


async def _read_form(request: Request) -> dict[str, str] | None:
    """The urlencoded fields, or None when the body is larger than `MAX_FORM_BYTES`."""
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
        if len(body) > MAX_FORM_BYTES:
            return None
    fields = parse_qs(body.decode("utf-8", errors="replace"), keep_blank_values=True)
    return {k: v[0] for k, v in fields.items() if v}


@router.post("/blog/{org}/{slug}/comments")
async def blog_comment(request: Request, org: Org, slug: Slug) -> Response:
    """A reader's comment: checked, rate-limited, held for triage; the form comes back on error."""
    if not request.headers.get("content-type", "").startswith(
            "application/x-www-form-urlencoded"):
        return await run_in_threadpool(
            _entry_page, request, org, slug, status=415,
            form=CommentForm(errors=["Please send your comment with the form on this page."]))
    fields = await _read_form(request)
    if fields is None:
        return await run_in_threadpool(
            _entry_page, request, org, slug, status=413,
            form=CommentForm(errors=[f"The comment is too long to send; the limit is "
                                     f"{service.COMMENT_MAX} characters."]))
    return await run_in_threadpool(_accept, request, org, slug, fields)


def _accept(request: Request, org: str, slug: str, fields: dict[str, Any]) -> Response:
    form = CommentForm(fields.get("display_name", ""), fields.get("text", ""))
    if fields.get(HONEYPOT, "").strip():
        # Only scripts fill a field people cannot see: answer as if accepted, store nothing.
        log_event(log, "blog.comment_dropped", reason="honeypot")
        return RedirectResponse(f"/blog/{quote(org)}/{quote(slug)}?comment=held#comments",
                                status_code=303)
    loaded = _load(request, org, slug)
    if loaded is None:
        return _not_found(request)
    entry = loaded[1]
    assert entry is not None
    problem = formtoken.check(_form_key(request), fields.get("form_token", ""), entry.id)
    if problem is not None:
        status, message = _TOKEN_MESSAGES[problem]
        form.errors = [message]
        return _entry_page(request, org, slug, form=form, status=status)
    try:
        with transaction(state(request).factory) as session:
            comment_id = service.submit_comment(session, org, slug, form, remote_addr(request))
    except NotFound:
        return _not_found(request)
    except ValidationFailed as exc:
        checked = service.check_comment(form)
        form.errors = checked.errors or [exc.message.partition(": ")[2]]
        return _entry_page(request, org, slug, form=form, status=422)
    except TooManyComments as exc:
        form.errors = [f"You have sent several comments in a short time. Please try again in "
                       f"{max(1, exc.retry_after // 60)} minute(s); your comment is below."]
        return _entry_page(request, org, slug, form=form, status=429,
                           headers={"Retry-After": str(exc.retry_after)})
    # Ids, not the slug: a slug may start with a digit, which log_event refuses, and failing
    # here, after the commit, would show a 500 for a comment already stored.
    log_event(log, "blog.comment_held", entry_id=entry.id, comment_id=comment_id)
    return RedirectResponse(f"/blog/{quote(org)}/{quote(slug)}?comment=held#comments",
                                status_code=303)
