"""Acting on removals and making rules in the window (issue 11): exceptions, rules from
a selection, presets; the user-rule editor (``editor.py``)."""
