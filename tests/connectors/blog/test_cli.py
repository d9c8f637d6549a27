"""`carepost blog` through the real CLI: attach audio, list, approve and hide comments."""

from __future__ import annotations

import json
from pathlib import Path

from sqlalchemy import select

from carepost.services import blog as blog_service
from carepost.storage.blog import BlogComment, PostAudio
from carepost.storage.db import make_engine, transaction
from tests.cli.helpers import run_cli
from tests.connectors.blog.conftest import blog_config
from tests.connectors.blog.media import mp3

PW = "correct horse battery staple\n"
AUTHOR = "author@plainview.example"


def test_audio_and_comment_moderation_from_the_command_line(
    tmp_path: Path, database_url: str
) -> None:
    steps: list[tuple[list[str], str | None]] = [
        (["db", "upgrade"], None),
        (["org", "add", "Plainview Care", "--slug", "plainview"], None),
        (["user", "add", "author@plainview.example", "--org", "plainview", "--role", "author",
          "--password-stdin"], PW),
        (["channel", "add", "--org", "plainview", "--kind", "blog", "--name", "Blog",
          "--config", "-"], json.dumps(blog_config())),
        (["post", "create", "--org", "plainview", "--as", "author@plainview.example",
          "--title", "Episode one", "--channel", "1", "--text-file", "-"],
         "Our flu clinic is open Saturday 9 to 12 at the main site."),
    ]
    for args, stdin in steps:
        result = run_cli(args, tmp_path, database_url, stdin)
        assert result.exit_code == 0, (args, result.output)
    episode = tmp_path / "episode.mp3"
    episode.write_bytes(mp3(800))
    attached = run_cli(["blog", "audio", "--org", "plainview", "--as", AUTHOR, "1",
                        str(episode)], tmp_path, database_url)
    assert attached.exit_code == 0, attached.output
    assert "audio/mpeg" in attached.output and "21 s" in attached.output
    (tmp_path / "notes.txt").write_text("not audio")
    refused = run_cli(["blog", "audio", "--org", "plainview", "--as", AUTHOR, "1",
                       str(tmp_path / "notes.txt")],
                      tmp_path, database_url)
    assert refused.exit_code != 0 and "not an MP3 or M4A" in refused.output
    assert "Traceback" not in refused.output

    engine = make_engine(database_url)
    try:
        from carepost.connectors.base import OutboundItem
        from carepost.connectors.blog.connector import BlogConnector
        from carepost.connectors.blog.schema import BlogConfig
        from carepost.storage.blog_store import SqlBlogStore

        blog = BlogConnector(BlogConfig.from_mapping(blog_config()), SqlBlogStore(engine))
        blog.publish(OutboundItem(text="Hello", subject="Hello"), "3lbcli0000001")
        with transaction(engine) as session:
            assert len(session.execute(select(PostAudio)).scalars().all()) == 1
            for text in ("Lovely news", "Second\nthought"):
                blog_service.submit_comment(session, "plainview", "hello",
                                            blog_service.CommentForm("Sam", text), None)
        listed = run_cli(["blog", "comments", "--org", "plainview", "--status", "held"],
                         tmp_path, database_url)
        assert listed.exit_code == 0, listed.output
        lines = listed.output.strip().splitlines()
        assert [ln.split("\t")[1:] for ln in lines] == [
            ["held", "hello", "Sam", "Second thought"], ["held", "hello", "Sam", "Lovely news"]]
        first, second = (ln.split("\t")[0] for ln in reversed(lines))
        assert run_cli(["blog", "approve", "--org", "plainview", first], tmp_path,
                       database_url).exit_code == 0
        assert run_cli(["blog", "hide", "--org", "plainview", second], tmp_path,
                       database_url).exit_code == 0
        missing = run_cli(["blog", "hide", "--org", "plainview", "999"], tmp_path, database_url)
        assert missing.exit_code != 0 and "not found" in missing.output
        with transaction(engine) as session:
            statuses = dict(session.execute(select(BlogComment.id, BlogComment.status)).all())
        assert statuses == {int(first): "approved", int(second): "hidden"}
    finally:
        engine.dispose()
