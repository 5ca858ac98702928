"""Notifications, templates, mail outbox, SMTP and secrets."""
