"""Mastodon connector."""
