"""The window paints first; the rules, the engine and the library come after.

Importing the engine and loading the rule set cost about three times what building and
painting the window does (issue 13: the window painted at 3.8× a bare PySide6 window).
So the window is built and painted with no rule set (:data:`NO_RULES` stands in: no
packs, no rules, no errors), and :class:`RulesArrival`, once the window has painted:

1. runs a :class:`RulesLoader` on the window's executor (a worker thread in the real
   window): it imports the engine, loads the cached rule set (:func:`load_rule_set`)
   and builds the :class:`~jobdesk.core.engine.Cleaner`;
2. hands them to the window (``rules_ready(ruleset, cleaner)``: the rules panel, the
   site menu and the panes get them) and calls ``then`` (the app installs the library);
3. starts every load job that arrived meanwhile, in order — a paste, a drop, an open or
   the files named on the command line wait under a busy cursor with "Loading rules…"
   in the status bar, and are then cleaned: never lost, never cleaned without rules;
4. warms the engine (:mod:`warmup`), so the first paste costs what a later one does.

Nothing of ``jobdesk.core``, ``jobdesk.storage``, ftfy or bs4 is imported before the
first paint (``tests/gui/test_startup.py`` checks it in a fresh process). Closing the
window while the rules load cancels the loader: what it finishes is dropped, and
nothing is reported to a window that is gone.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Protocol, cast

from PySide6.QtCore import QEvent, QObject, QTimer, Signal
from PySide6.QtWidgets import QMainWindow

from jobdesk.gui.loading import CancellableJob, Executor, LoadJob
from jobdesk.gui.qtcompat import emit

if TYPE_CHECKING:
    from jobdesk.core.engine import Cleaner
    from jobdesk.core.rules import Pack, Rule, RuleSet
    from jobdesk.gui.warmup import WarmUpJob

#: What the status bar says while inputs wait for the rules.
LOADING_RULES = "Loading rules…"


class _NoRules:
    """Stands in for the rule set until it is loaded: the parts that look rules up
    (the rules model and panel, the panes, the site menu) find none."""

    packs: tuple[Pack, ...] = ()
    errors: tuple[object, ...] = ()

    def get(self, rule_id: str) -> Rule | None:
        return None

    def pack(self, pack_id: str) -> Pack | None:
        return None

    def rules(self) -> tuple[Rule, ...]:
        return ()


#: The window's rule set before the real one arrives (typed as one: it answers what the
#: window's parts ask a RuleSet before a posting is shown, and a posting waits for rules).
NO_RULES: RuleSet = cast("RuleSet", _NoRules())


def load_rule_set() -> tuple[RuleSet, Cleaner]:
    """The rule set (from the cache when it is current) and a cleaner for it."""
    from jobdesk.core.engine import Cleaner
    from jobdesk.core.rules import load_rules

    ruleset = load_rules()
    return ruleset, Cleaner(ruleset)


class RulesLoader(CancellableJob):
    """Loads the rule set off the GUI thread (``load`` is :func:`load_rule_set`)."""

    started = Signal(object)  # job
    loaded = Signal(object, object, object)  # job, RuleSet, Cleaner
    failed = Signal(object, str)  # job, what went wrong

    def __init__(self, load: Callable[[], tuple[RuleSet, Cleaner]] = load_rule_set) -> None:
        super().__init__()
        self._load = load

    def run(self) -> None:
        emit(self.started, self)
        try:
            ruleset, cleaner = self._load()
        except Exception as exc:  # reported in the window; a paste then says why
            if not self.cancelled:
                emit(self.failed, self, f"{type(exc).__name__}: {exc}")
            return
        if not self.cancelled:
            emit(self.loaded, self, ruleset, cleaner)


class RulesHost(Protocol):
    """What :class:`RulesArrival` needs of the window (its executor runs the jobs)."""

    executor: Executor

    def rules_ready(self, ruleset: RuleSet, cleaner: Cleaner) -> None: ...

    def notify(self, text: str, level: str = "info", details: str = "") -> None: ...

    def _status(self, text: str, ms: int = 0) -> None: ...


class RulesArrival(QObject):
    """The rule set's arrival in a window: loaded after its first paint, with the load
    jobs that came before it queued (see the module's docstring).

    ``ruleset``/``cleaner`` given (tests, benchmarks): they are there at once, and only
    the warm-up waits for the first paint."""

    arrived = Signal()  # the window has its rules (queued jobs started)
    warmed = Signal()  # the warm-up is over (``ready``)

    def __init__(
        self,
        window: QMainWindow,
        *,
        warm_up: bool,
        load: Callable[[], tuple[RuleSet, Cleaner]] | None = None,
    ) -> None:
        super().__init__(window)
        self._window = window
        self.warm_up = warm_up
        #: What loads the rules (:func:`load_rule_set`; tests delay it).
        self.load = load if load is not None else load_rule_set
        self.cleaner: Cleaner | None = None
        self.ruleset: RuleSet = NO_RULES
        #: Called once the window has its rules (the app installs the library there).
        self.then: list[Callable[[], None]] = []
        #: Called once after the first paint, the rules' loading started (the window
        #: builds there what its first frame does not show).
        self.after_paint: list[Callable[[], None]] = []
        self.queued: list[LoadJob] = []
        self.loader: RulesLoader | None = None
        self.warm_job: WarmUpJob | None = None
        self.painted = False
        self.closed = False
        self.error: str | None = None
        self.warm_up_done = False
        self.warmed_rules = 0
        window.installEventFilter(self)

    @property
    def _host(self) -> RulesHost:
        return cast("RulesHost", self._window)

    @property
    def has_rules(self) -> bool:
        return self.cleaner is not None

    @property
    def ready(self) -> bool:
        """The rules are there and the engine is warm (or needs no warming)."""
        return self.has_rules and (self.warm_up_done or not self.warm_up)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._window and not self.painted and event.type() == QEvent.Type.Paint:
            self.painted = True
            QTimer.singleShot(0, self._after_first_paint)
            self._window.removeEventFilter(self)  # the window's other events: none of ours
        return False

    def _after_first_paint(self) -> None:
        if self.closed:
            return
        if not self.has_rules:
            self.start_loading()  # first: the worker loads while the GUI thread builds
        elif self.warm_up:
            self._start_warm_up()
        for then in self.after_paint:
            then()

    # ------------------------------------------------------------------ the rules

    def start_loading(self) -> None:
        """Load the rules now (after the first paint, or at once)."""
        if self.loader is not None or self.has_rules or self.closed:
            return
        job = RulesLoader(self.load)
        job.loaded.connect(self._on_loaded)
        job.failed.connect(self._on_failed)
        self.loader = job
        self._host._status(LOADING_RULES)
        self._host.executor.start(job)

    def given(self, ruleset: RuleSet, cleaner: Cleaner) -> None:
        """Rules given to the window when it was made: there at once."""
        self._arrive(ruleset, cleaner)

    def replace(self, ruleset: RuleSet, cleaner: Cleaner) -> None:
        """The rules were loaded again (the rule editor saved): the window's parts and
        every later input get them; what ran once at the first arrival does not again."""
        self.ruleset, self.cleaner = ruleset, cleaner
        self._host.rules_ready(ruleset, cleaner)

    def _on_loaded(self, job: RulesLoader, ruleset: RuleSet, cleaner: Cleaner) -> None:
        if job is not self.loader or job.cancelled or self.closed:
            return
        self._arrive(ruleset, cleaner)
        if self.warm_up:
            self._start_warm_up()

    def _arrive(self, ruleset: RuleSet, cleaner: Cleaner) -> None:
        self.ruleset, self.cleaner = ruleset, cleaner
        host = self._host
        host.rules_ready(ruleset, cleaner)
        if self._window.statusBar().currentMessage() == LOADING_RULES:
            self._window.statusBar().clearMessage()
        queued, self.queued = self.queued, []
        for job in queued:  # first: whatever comes next, no input is lost
            if not job.cancelled:
                self._start(job)
        for then in self.then:
            then()
        emit(self.arrived)

    def _on_failed(self, job: RulesLoader, error: str) -> None:
        if job is not self.loader or self.closed:
            return
        self.error = error
        queued, self.queued = self.queued, []
        self._give_up(queued)

    def _give_up(self, jobs: list[LoadJob]) -> None:
        """No rules: the jobs end as stopped (their batches close) and the window says
        why nothing can be cleaned."""
        for job in jobs:
            job.cancel()
            emit(job.finished, job, True)
        self._host.notify(
            "The rules could not be loaded, so nothing can be cleaned. "
            "Please report this (see Details).",
            "error",
            self.error or "",
        )

    # ------------------------------------------------------------------ load jobs

    def run(self, job: LoadJob) -> None:
        """Start a load job now, or queue it until the rules are there."""
        if self.has_rules:
            self._start(job)
            return
        if self.error is not None:
            self._give_up([job])
            return
        self.queued.append(job)
        self._host._status(LOADING_RULES)

    def _start(self, job: LoadJob) -> None:
        job.cleaner = self.cleaner
        self._host._status("Reading…")
        self._host.executor.start(job)

    # ------------------------------------------------------------------ warming up

    def _start_warm_up(self) -> None:
        if self.warm_job is not None or self.closed or self.cleaner is None:
            return
        from jobdesk.gui.warmup import WarmUpJob

        job = WarmUpJob(self.cleaner, self.ruleset)
        job.done.connect(self._on_warmed)
        self.warm_job = job
        self._host.executor.start(job)

    def _on_warmed(self, _job: WarmUpJob, woken: int) -> None:
        self.warmed_rules = woken
        self.warm_up_done = True
        emit(self.warmed)

    # ------------------------------------------------------------------ closing

    def close(self) -> None:
        """The window closes: stop loading and warming; queued jobs are dropped."""
        self.closed = True
        if self.loader is not None:
            self.loader.cancel()
        if self.warm_job is not None:
            self.warm_job.cancel()
        for job in self.queued:
            job.cancel()
        self.queued = []
