"""Work-arounds for bugs in the Qt binding.

PySide6 6.12.0's ``abi3`` wheels, on CPython 3.11, hand back ``None`` (from every
method that returns nothing) and ``True``/``False`` (e.g. from ``Signal.emit()``)
without taking a reference: each such call lowers the singleton's reference count by
one, and after some thousands of calls the interpreter aborts ("none_dealloc:
deallocating None"). CPython 3.12+ is immune (those singletons are immortal there).

:func:`protect_singletons` probes for the bug once and, when it is present, gives
``None``, ``True`` and ``False`` a reference count no session can exhaust — what 3.12
does by design. It runs when ``jobdesk.gui`` is imported. A fixed binding is left
alone. (Better still: ``PySide6-Essentials`` < 6.12 or != 6.12.0 on 3.11 — see the
report of issue 3.)
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal, SignalInstance

if TYPE_CHECKING:
    import ctypes

_TOP_UP = 1 << 40  # ~10^12 references: immortal in practice


class _Probe(QObject):
    ping = Signal()


def _refcnt_cell(obj: object) -> ctypes.c_ssize_t:
    # CPython's PyObject starts with Py_ssize_t ob_refcnt.
    import ctypes  # only where the bug is (imported before the window's first paint)

    return ctypes.c_ssize_t.from_address(id(obj))


def _probe() -> tuple[int, int]:
    """How many references to None and True 32 binding calls lose."""
    p = _Probe()
    n0, t0 = sys.getrefcount(None), sys.getrefcount(True)
    for _ in range(32):
        p.setObjectName("probe")  # returns nothing
        p.ping.emit()  # returns a bool
    return n0 - sys.getrefcount(None), t0 - sys.getrefcount(True)


def protect_singletons() -> bool:
    """Make None/True/False immortal in practice if the binding leaks them.

    Returns True when the work-around was applied.
    """
    if sys.implementation.name != "cpython" or sys.version_info >= (3, 12):
        return False
    lost_none, lost_true = _probe()
    if lost_none < 32 and lost_true < 32:
        return False
    for obj in (None, True, False):
        cell = _refcnt_cell(obj)
        if cell.value < _TOP_UP:
            cell.value += _TOP_UP
    return True


SINGLETONS_PROTECTED = protect_singletons()


def emit(signal: SignalInstance, *args: Any) -> None:
    """``signal.emit(*args)`` (one place to work around emit bugs of the binding)."""
    signal.emit(*args)
