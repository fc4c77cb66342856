"""The partner registry, its places and people, and the partner portal."""
