"""GUI tests. The shared fixtures (ctx, firm_ctx, clock…) live in tests/conftest.py; the Qt
log lines that are not bugs of ours are listed in pyproject.toml (qt_log_ignore)."""
