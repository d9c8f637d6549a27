"""Session cookie codec and CSRF token comparison."""

from __future__ import annotations

import time

from carepost.web.security import SessionCodec, csrf_matches, login_session, new_csrf_token

KEY = b"k" * 32


def test_a_session_round_trips_and_a_foreign_key_is_refused() -> None:
    codec = SessionCodec(KEY, 3600)
    cookie = codec.dumps({"uid": 7, "org": "plainview", "csrf": "t", "iat": int(time.time())})
    assert codec.loads(cookie)[0]["uid"] == 7
    other = SessionCodec(b"x" * 32, 3600)
    assert other.loads(cookie) == ({}, False)
    assert codec.loads(cookie[:-3] + "abc") == ({}, False)
    assert codec.loads("not a cookie") == ({}, False)


def test_signed_in_sessions_expire_by_sign_in_time_and_anonymous_ones_do_not() -> None:
    codec = SessionCodec(KEY, 3600)
    now = time.time()
    signed_in = codec.dumps({"uid": 7, "csrf": "t", "iat": int(now) - 3000})
    assert codec.loads(signed_in, now=now)[1] is False
    assert codec.loads(signed_in, now=now + 700) == ({}, True)
    no_time = codec.dumps({"uid": 7, "csrf": "t"})
    assert codec.loads(no_time) == ({}, True)
    anonymous = codec.dumps({"csrf": "t"})
    assert codec.loads(anonymous, now=now + 10**6) == ({"csrf": "t"}, False)


def test_login_session_rotates_the_csrf_token() -> None:
    session = {"csrf": "old", "stale": 1}
    login_session(session, 7, "plainview")
    assert session["uid"] == 7 and session["org"] == "plainview"
    assert session["csrf"] != "old" and "stale" not in session


def test_csrf_comparison() -> None:
    token = new_csrf_token()
    assert len(token) >= 40 and token != new_csrf_token()
    assert csrf_matches(token, token)
    assert not csrf_matches(token, token[:-1])
    assert not csrf_matches(token, None)
    assert not csrf_matches(None, None)
    assert not csrf_matches("", "")
