"""The inbox: ingest inbound items, triage them with the guard, act on them, open AE cases.

Modules: `ingest` (poll a channel, store exactly once, escalate), `triage` (verdict -> queue),
`items` (lists, assignment, notes, status), `actions` (guarded replies, hide, move to private,
templates), `escalate` (on-call email and webhook), `cases` (adverse events), `config`
(per-organisation settings). See docs/inbox.md.
"""
