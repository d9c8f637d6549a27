"""Blog files are read from the database a range at a time, never whole per request.

Regression for review finding #10: every GET, HEAD and Range request loaded the whole file
(audio up to 50 MB) into memory and sliced it, so anonymous readers could make the server
hold many copies at once. Memory is measured with tracemalloc (Python allocations, including
the bytes the database driver hands back), against the file's size.
"""

from __future__ import annotations

import tracemalloc
from collections.abc import Callable

from carepost.connectors.base import Media
from tests.web.conftest import Site

SIZE = 8_000_000  # within the blog's 10 MB image limit; audio takes the same route
PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * (SIZE // 256)


def _peak(run: Callable[[], object]) -> int:
    tracemalloc.start()
    try:
        run()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_range_and_head_requests_do_not_load_the_whole_file(
    site: Site, publish: Callable[..., str]
) -> None:
    slug = publish("New garden", "Garden", (Media(PNG, "image/png", "Raised beds"),))
    client = site.client().http
    url = f"/blog/plainview/{slug}/media/1"
    client.get(url, headers={"Range": "bytes=0-9"})  # warm up imports and caches

    def ranged() -> None:
        response = client.get(url, headers={"Range": "bytes=1000000-1065535"})
        assert response.status_code == 206
        assert response.content == PNG[1_000_000:1_065_536]
        assert response.headers["content-range"] == f"bytes 1000000-1065535/{len(PNG)}"

    def head() -> None:
        response = client.head(url)
        assert response.status_code == 200
        assert response.headers["content-length"] == str(len(PNG))

    ranged_peak, head_peak = _peak(ranged), _peak(head)
    print(f"\nfile {len(PNG)} B: 64 KiB range peak {ranged_peak} B, HEAD peak {head_peak} B")
    assert ranged_peak < len(PNG) // 4
    assert head_peak < len(PNG) // 4


def test_a_whole_file_and_its_ranges_are_exact(site: Site, publish: Callable[..., str]) -> None:
    slug = publish("New garden", "Garden", (Media(PNG, "image/png", "Raised beds"),))
    client = site.client().http
    url = f"/blog/plainview/{slug}/media/1"
    whole = client.get(url)
    assert whole.status_code == 200 and whole.content == PNG
    assert whole.headers["content-length"] == str(len(PNG))
    assert whole.headers["accept-ranges"] == "bytes"
    for header, expected in (("bytes=0-0", PNG[:1]), ("bytes=-5", PNG[-5:]),
                             (f"bytes={len(PNG) - 3}-", PNG[-3:]),
                             (f"bytes=10-{len(PNG) + 99}", PNG[10:])):
        part = client.get(url, headers={"Range": header})
        assert part.status_code == 206 and part.content == expected, header
        assert part.headers["content-length"] == str(len(expected))
    refused = client.get(url, headers={"Range": f"bytes={len(PNG)}-"})
    assert refused.status_code == 416
    assert refused.headers["content-range"] == f"bytes */{len(PNG)}"
