"""Authentication rules with no I/O: time-based one-time codes (RFC 6238) and the password
policy."""
