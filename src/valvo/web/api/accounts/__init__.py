"""Signing in, sessions, second factors, users, and who am I."""
