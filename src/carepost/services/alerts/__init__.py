"""Emergency alerts: templates approved in advance, fast two-person approval, parallel fan-out.

Modules: `kinds` (starter templates), `fields` (typed placeholders), `approvals` (the
two-person rule), `templates`, `compose` (writing an alert, updates, all-clear, drills),
`send` (parallel exactly-once delivery, board, retry), `pause` (holding promotional posts),
`cap` (CAP 1.2 XML), `feeds` (public page data), `sms` (the provider interface, documented only).
"""
