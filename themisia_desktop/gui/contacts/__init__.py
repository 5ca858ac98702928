"""The contacts area: the list of every contact, searched and sorted in SQL."""
