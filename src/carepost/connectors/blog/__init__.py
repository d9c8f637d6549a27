"""Blog connector: the organisation's own blog, RSS/Atom and podcast feeds, served by carepost."""
