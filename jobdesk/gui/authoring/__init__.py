"""Acting on removals and writing rules: the window's parts that make and edit the
user's rules (see each module)."""
