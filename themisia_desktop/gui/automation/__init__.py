"""The automation screens: the visual workflow editor, its property panels, run history."""
