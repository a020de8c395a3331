"""Forwarding on a shell: ``name = via("part")`` makes ``obj.name`` mean ``obj.part.name``.

The window is a shell of parts; what it answers to (the action table's slots, the
library's calls, the tests') is a table of ``via`` lines naming the part that owns each
name, read when used: a method comes bound to the part as it is then, a property is
read then. ``via("part", "other")`` forwards to another name; ``via("a", "b")`` where
``a`` is itself forwarded follows both. On the class, ``Shell.name`` is a function of
the instance that calls through (as an unbound method would: ``Shell.name(obj, …)``),
so it can be wrapped or patched like a method, and ``hasattr`` holds before any part
exists. Nothing is set through it: a forwarded name is read-only.
"""

from __future__ import annotations

from typing import Any


class via:  # lower case: it reads as a declaration, ``paste = via("inputs")``
    """``obj.<name>`` is ``obj.<part>.<attr>`` (``attr`` defaults to the name)."""

    def __init__(self, part: str, attr: str | None = None) -> None:
        self.part = part
        self.attr = attr
        self.name = ""

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name
        if self.attr is None:
            self.attr = name

    def __get__(self, obj: object | None, owner: type | None = None) -> Any:
        if obj is None:
            return self.unbound
        assert self.attr is not None
        return getattr(getattr(obj, self.part), self.attr)

    def unbound(self, obj: object, *args: Any, **kwargs: Any) -> Any:
        """``Shell.name(obj, …)``: call the forwarded method of ``obj``."""
        return self.__get__(obj)(*args, **kwargs)

    def __repr__(self) -> str:
        return f"via({self.part!r}, {self.attr!r})"


def forwards(cls: type) -> dict[str, tuple[str, str]]:
    """Every forwarded name of ``cls`` (and its bases): name → (part, attribute)."""
    out: dict[str, tuple[str, str]] = {}
    for klass in reversed(cls.__mro__):
        for name, value in vars(klass).items():
            if isinstance(value, via):
                out[name] = (value.part, value.attr or name)
    return out
