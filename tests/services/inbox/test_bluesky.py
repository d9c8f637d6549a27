"""The inbox on the local Bluesky network (PDS + AppView): poll, restart, reply in the thread,
hide through the threadgate, a deleted parent, a reply to someone else's post."""

from __future__ import annotations

import secrets

import pytest
from atproto import Client, models
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from carepost.connectors import OutboundItem, create
from carepost.connectors.idempotency import new_key
from carepost.crypto import Box
from carepost.services.channels import add_channel
from carepost.services.inbox import actions, ingest
from carepost.storage.db import session_factory, transaction
from carepost.storage.inbox import InboundItem
from tests.bluesky_peer import BlueskyNetwork
from tests.conftest import Personas

PASSWORD = "correct-horse-battery"
CLEAN = "Thanks for asking! Our flu clinics run Tuesdays 9 to 12 at every site."


class Org:
    """The organisation's Bluesky account as a carepost channel."""

    def __init__(self, network: BlueskyNetwork, db: sessionmaker[Session], box: Box,
                 personas: Personas) -> None:
        self.network, self.db, self.box = network, db, box
        self.handle = f"o{secrets.token_hex(5)}.test"
        self.did = network.create_account(self.handle, PASSWORD)
        config = {"handle": self.handle, "app_password": PASSWORD, "service_url": network.pds,
                  "web_url": "https://bsky.example", "allow_private_addresses": True}
        self.connector = create("bluesky", config)
        with transaction(db) as session:
            self.channel_id = add_channel(session, personas.actors["admin"], box, "bluesky",
                                          "Bluesky", config).id

    def post(self, text: str) -> str:
        """Publish as the organisation; the AppView indexes it before anyone replies."""
        uri = self.connector.publish(OutboundItem(text=text), new_key()).remote_id
        self.network.process_all()
        return uri

    def poll(self, db: sessionmaker[Session] | None = None) -> ingest.PollResult:
        """Let the AppView catch up, then poll the channel."""
        self.network.process_all()
        return ingest.poll_channel(db or self.db, self.box, self.channel_id, escalate=False)


def _patient(network: BlueskyNetwork) -> tuple[Client, str]:
    handle = f"p{secrets.token_hex(5)}.test"
    did = network.create_account(handle, PASSWORD)
    client = Client(base_url=network.pds)
    client.login(handle, PASSWORD, fetch_bsky_profile=False)
    return client, did


def _reply(client: Client, did: str, uri: str, text: str) -> str:
    repo, _, rkey = uri.removeprefix("at://").partition("/app.bsky.feed.post/")
    ref = models.create_strong_ref(client.get_post(rkey, repo))
    parent = ref
    record = client.get_post(rkey, repo).value
    root = ref if getattr(record, "reply", None) is None else record.reply.root
    return client.send_post(text, profile_identify=did,
                            reply_to=models.AppBskyFeedPost.ReplyRef(root=root,
                                                                     parent=parent)).uri


@pytest.fixture
def org(appview: BlueskyNetwork, db: sessionmaker[Session], box: Box,
        personas: Personas) -> Org:
    return Org(appview, db, box, personas)


def test_replies_reach_the_right_queue_once_and_the_answer_lands_in_the_thread(
    org: Org, personas: Personas
) -> None:
    post = org.post("Ask us about flu shots.")
    patient, patient_did = _patient(org.network)
    question = _reply(patient, patient_did, post, "When is the next flu clinic?")
    _reply(patient, patient_did, post, "I can't go on, I want to end my life tonight")
    result = org.poll()
    assert result.error is None and result.new == 2
    with transaction(org.db) as session:
        stored = {i.remote_id: i for i in session.execute(select(InboundItem)).scalars()}
    assert stored[question].queue == "question" and stored[question].parent == post
    assert sorted(i.queue for i in stored.values()) == ["question", "urgent"]

    # A restart: a new session factory and a new connector, same database. Nothing twice.
    restarted = session_factory(org.db.kw["bind"])
    assert org.poll(restarted).new == 0

    item_id = stored[question].id
    responder = personas.actors["responder"]
    with transaction(org.db) as session:
        template = actions.add_template(session, responder, "Hours", CLEAN)
    sent = actions.reply(org.db, org.box, responder, item_id, template_id=template.id)
    assert sent.state == "sent"
    org.network.process_all()
    thread = patient.app.bsky.feed.get_post_thread(
        models.AppBskyFeedGetPostThread.Params(uri=question)).thread
    assert [r.post.record.text for r in thread.replies] == [CLEAN]
    assert thread.replies[0].post.author.did == org.did
    # Our own reply never comes back as an inbound item; an answer to it is "ours".
    assert org.poll().new == 0
    assert sent.remote_id is not None
    follow_up = _reply(patient, patient_did, sent.remote_id, "Thanks, and on Saturdays?")
    assert org.poll().new == 1
    with transaction(org.db) as session:
        item = session.execute(select(InboundItem).where(
            InboundItem.remote_id == follow_up)).scalar_one()
        assert item.parent == sent.remote_id and item.parent_ours is True


def test_hide_puts_the_reply_in_the_threadgate(org: Org, personas: Personas) -> None:
    post = org.post("Share your flu shot experience.")
    patient, did = _patient(org.network)
    exposed = _reply(patient, did, post, "My chart number is MRN 12345678, diagnosis diabetes")
    result = org.poll()
    with transaction(org.db) as session:
        item = session.execute(select(InboundItem).where(
            InboundItem.remote_id == exposed)).scalar_one()
        assert item.queue == "phi"
    actions.hide(org.db, org.box, personas.actors["responder"], result.new_ids[0])
    gates = org.network.list_records(org.did, "app.bsky.feed.threadgate")
    assert [g["value"]["hiddenReplies"] for g in gates] == [[exposed]]  # type: ignore[index]
    with transaction(org.db) as session:
        assert session.get(InboundItem, result.new_ids[0]).hidden  # type: ignore[union-attr]


def test_a_deleted_parent_and_a_reply_to_a_post_we_did_not_publish(
    org: Org, personas: Personas
) -> None:
    from atproto import client_utils

    post = org.post("Clinic hours change next week.")
    patient, did = _patient(org.network)
    reply = _reply(patient, did, post, "Which days exactly?")
    assert org.poll().new == 1
    # The organisation deletes its post after carepost took the reply in: nothing is lost.
    org.connector._pds.client.delete_post(post)  # noqa: SLF001  (test setup only)
    stranger, stranger_did = _patient(org.network)
    theirs = stranger.send_post("My own post about parking", profile_identify=stranger_did).uri
    org.network.process_all()
    text = client_utils.TextBuilder().mention(f"@{org.handle}", org.did).text(" can you help?")
    repo, _, rkey = theirs.removeprefix("at://").partition("/app.bsky.feed.post/")
    ref = models.create_strong_ref(stranger.get_post(rkey, repo))
    mention = patient.send_post(text, profile_identify=did,
                                reply_to=models.AppBskyFeedPost.ReplyRef(root=ref, parent=ref)).uri
    result = org.poll()
    assert result.error is None and result.new == 1
    with transaction(org.db) as session:
        stored = {i.remote_id: i for i in session.execute(select(InboundItem)).scalars()}
    assert set(stored) == {reply, mention}
    assert stored[reply].parent == post
    assert stored[mention].kind == "mention" and stored[mention].parent == theirs
    assert stored[mention].parent_ours is False
    # Answering the reply whose thread root is gone: a clear state either way, never a crash.
    sent = actions.reply(org.db, org.box, personas.actors["responder"], stored[reply].id, CLEAN)
    assert sent.state == "sent" or (sent.state == "failed" and sent.error)


def test_a_reply_not_yet_polled_survives_the_deletion_of_its_post(
    org: Org, personas: Personas
) -> None:
    from carepost.services import publishing_ops
    from carepost.services.inbox import items
    from carepost.worker.loop import Worker
    from tests.worker.helpers import SAFE_TEXT, scheduled_now, variant

    assert org.poll().error is None  # the channel's cursor is set: later replies are news
    post_id = scheduled_now(org.db, personas, org.channel_id, SAFE_TEXT)
    assert [o.state for o in Worker(db=org.db, box=org.box).tick()] == ["published"]
    uri = variant(org.db, post_id).remote_id
    assert uri is not None
    org.network.process_all()
    patient, did = _patient(org.network)
    reply = _reply(patient, did, uri, "I want to kill myself tonight")
    org.network.process_all()
    # The AppView forgets a reply's notification once its parent is deleted: the inbox takes
    # in what is waiting first, then the post goes.
    taken = ingest.take_in_before_delete(org.db, org.box, org.channel_id)
    assert taken.error is None and taken.new == 1 and len(taken.urgent_ids) == 1
    with transaction(org.db) as session:
        publishing_ops.delete_published(session, personas.actors["approver"], org.box,
                                        post_id, org.channel_id)
    assert org.poll().new == 0  # nothing twice
    with transaction(org.db) as session:
        item = session.execute(select(InboundItem)).scalar_one()
        assert item.remote_id == reply and item.parent == uri and item.parent_ours
        assert item.queue == "urgent" and item.escalation != "none"
        assert items.parent_context(session, item) == "deleted"
