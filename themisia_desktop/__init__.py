"""Themisia Desktop — practice management for a French law firm."""

__version__ = "0.1.0"
APP_NAME = "Themisia"
APP_AUTHOR = "Themisia"
