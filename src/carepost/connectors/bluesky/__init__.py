"""Bluesky (AT Protocol) connector."""
