"""Webhook connector: signed JSON POSTs, with Slack- and Teams-shaped payloads."""
