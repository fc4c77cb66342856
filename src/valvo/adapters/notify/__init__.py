"""Notification channels: e-mail over SMTP and webhooks over HTTP."""
