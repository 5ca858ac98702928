"""Business logic of Themisia. Nothing in this package may import Qt."""
