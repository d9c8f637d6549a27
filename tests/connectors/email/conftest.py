"""Real SMTP servers (aiosmtpd, in process): plain, STARTTLS with login, and implicit TLS."""

from __future__ import annotations

import datetime
import ipaddress
import ssl
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from tests.connectors.helpers import free_port, peer_missing

USER, PASSWORD = "clinic-news", "s3cret-app-password"


@dataclass
class Received:
    """One message as the SMTP server got it."""

    mail_from: str
    rcpt_tos: list[str]
    content: bytes
    tls: bool
    authenticated: bool
    peer: object = None


@dataclass
class Inbox:
    """An aiosmtpd handler that keeps what it receives and can refuse or defer on request."""

    messages: list[Received] = field(default_factory=list)
    refuse: set[str] = field(default_factory=set)
    defer: set[str] = field(default_factory=set)
    drop: set[str] = field(default_factory=set)

    async def handle_RCPT(
        self, server: Any, session: Any, envelope: Any, address: str, options: Any
    ) -> str:  # noqa: N802
        if address in self.refuse:
            return "550 5.1.1 No such mailbox here"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802
        if any(r in self.drop for r in envelope.rcpt_tos):
            server.transport.close()  # the message arrived, the answer never does
            return "250 never seen"
        if any(r in self.defer for r in envelope.rcpt_tos):
            return "451 4.3.0 Mailbox busy, try again later"
        self.messages.append(
            Received(
                envelope.mail_from,
                list(envelope.rcpt_tos),
                envelope.original_content or envelope.content,
                # STARTTLS shows in the session; implicit TLS only on the transport.
                session.ssl is not None
                or server.transport.get_extra_info("ssl_object") is not None,
                bool(session.authenticated),
                session.peer,
            )
        )
        return "250 Message accepted"

    def reset(self) -> None:
        """Forget messages and refusal rules."""
        self.messages.clear()
        self.refuse.clear()
        self.defer.clear()
        self.drop.clear()


@dataclass
class SmtpServer:
    """A running server: where it listens, its inbox, and the CA file that trusts its cert."""

    port: int
    inbox: Inbox
    ca_file: str


def _certificate(directory: Path) -> tuple[Path, Path]:
    """A self-signed certificate for 127.0.0.1, made with `cryptography` (already a dependency)."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "carepost test smtp")])
    now = datetime.datetime.now(datetime.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=1))
        .add_extension(
            x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
            critical=False,
        )
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = directory / "cert.pem", directory / "key.pem"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return cert_path, key_path


@pytest.fixture(scope="session")
def certificate(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The test servers' certificate and key."""
    return _certificate(tmp_path_factory.mktemp("smtp-tls"))


def _authenticator(server: Any, session: Any, envelope: Any, mechanism: str, data: Any) -> Any:
    from aiosmtpd.smtp import AuthResult, LoginPassword

    ok = isinstance(data, LoginPassword) and (data.login, data.password) == (
        USER.encode(),
        PASSWORD.encode(),
    )
    # handled=False: aiosmtpd then sends the 535 itself (True would leave the client waiting).
    return AuthResult(success=ok, handled=False)


def _start(certificate: tuple[Path, Path], mode: str) -> Iterator[SmtpServer]:
    try:
        from aiosmtpd.controller import Controller
    except ImportError:
        peer_missing("aiosmtpd is not installed: pip install -e '.[dev]'")
    cert, key = certificate
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)
    inbox = Inbox()
    port = free_port()  # aiosmtpd 1.4.6 cannot bind port 0
    kwargs: dict[str, Any] = {}
    if mode == "starttls":
        kwargs = dict(
            tls_context=context,
            require_starttls=True,
            auth_required=True,
            authenticator=_authenticator,
        )
    elif mode == "tls":
        # Implicit TLS is invisible to aiosmtpd's session, so it must not insist on STARTTLS first.
        kwargs = dict(
            ssl_context=context,
            auth_required=True,
            auth_require_tls=False,
            authenticator=_authenticator,
        )
    controller = Controller(inbox, hostname="127.0.0.1", port=port, **kwargs)
    controller.start()
    try:
        yield SmtpServer(port=port, inbox=inbox, ca_file=str(cert))
    finally:
        controller.stop()


@pytest.fixture(scope="session")
def plain_smtp(certificate: tuple[Path, Path]) -> Iterator[SmtpServer]:
    """An SMTP server without TLS or login (like a local relay)."""
    yield from _start(certificate, "plain")


@pytest.fixture(scope="session")
def starttls_smtp(certificate: tuple[Path, Path]) -> Iterator[SmtpServer]:
    """An SMTP server that requires STARTTLS and then a login."""
    yield from _start(certificate, "starttls")


@pytest.fixture(scope="session")
def tls_smtp(certificate: tuple[Path, Path]) -> Iterator[SmtpServer]:
    """An SMTP server with implicit TLS (port-465 style) and a login."""
    yield from _start(certificate, "tls")


@pytest.fixture(autouse=True)
def _clean_inboxes(request: pytest.FixtureRequest) -> Iterator[None]:
    yield
    for name in ("plain_smtp", "starttls_smtp", "tls_smtp"):
        if name in request.fixturenames:
            request.getfixturevalue(name).inbox.reset()
