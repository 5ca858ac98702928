"""Automation: events (transactional outbox), workflows, conditions, actions, engine, watcher."""
