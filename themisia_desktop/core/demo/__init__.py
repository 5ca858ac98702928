"""The demo firm: a deterministic, realistic French law firm with two years of activity."""

from themisia_desktop.core.demo.generator import DEMO_PASSWORD, DEMO_USERS, DemoSummary, generate_demo

__all__ = ["DEMO_PASSWORD", "DEMO_USERS", "DemoSummary", "generate_demo"]
