"""Retention as data: how long each kind of data is kept after an order ends, legal holds, and
the pure computation of what may go (issue 8)."""
