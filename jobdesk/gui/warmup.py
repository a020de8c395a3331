"""Warming the engine while the empty window shows, so the first paste costs what a
later one does.

The shipped patterns compile on first use (:mod:`jobdesk.core.lazyre`), and the HTML
reader, the facts readers and their imports load on first use too: without this, the
first paste paid for all of it (0.5–0.9 s against 70–110 ms). :class:`WarmUpJob` runs
once, off the GUI thread, once the rules have arrived after the window's first paint
(:mod:`startup`): it matches every rule's own ``examples.remove`` (the generic packs
alone, then with each site pack), which compiles the patterns of every rule they hit,
reads a small HTML page, and cleans the shipped sample posting and extracts its facts —
a whole posting, so that RE2's automata, which are built lazily as they meet text, have
met a real one (the first corpus paste's match: 5.3 ms without it, 3.6 ms with it,
later ones 2.2 ms). Nothing it finds is shown or kept.
"""

from __future__ import annotations

import importlib

from PySide6.QtCore import Signal

from jobdesk.core.effects import Effects
from jobdesk.core.engine import NO_SITE, Cleaner
from jobdesk.core.ingest import ingest_path, ingest_text
from jobdesk.core.rules import RuleSet
from jobdesk.gui.loading import CancellableJob
from jobdesk.gui.qtcompat import emit
from jobdesk.gui.resources import sample_posting
from jobdesk.session import facts_json

#: A small page through the HTML reader (lxml, the chrome regions, the structure pass).
WARM_HTML = (
    "<html><head><title>Engineer</title></head><body><nav><a href='/'>Jobs</a></nav>"
    "<main><h1>Engineer</h1><p>We are looking for an engineer to build our product. "
    "You will write code and review it.</p><ul><li>Python</li><li>SQL</li></ul>"
    "<p>Salary: $100,000 - $120,000 a year. Remote.</p></main>"
    "<footer><a href='/privacy'>Privacy</a> <a href='/terms'>Terms</a></footer></body></html>"
)


#: Modules a posting's first showing would import (the presets menu, the exceptions).
WARM_MODULES = ("jobdesk.core.presets", "jobdesk.core.exemptions")


def warm_texts(ruleset: RuleSet) -> list[tuple[str, str]]:
    """(site, text) to match: the generic rules' examples with the generic packs alone
    (``NO_SITE``), then each site pack's examples with that pack."""
    generic = [r for p in ruleset.packs if not p.is_site for r in p.rules]
    out = [(NO_SITE, "\n\n".join(e for r in generic for e in r.examples_remove))]
    for pack in ruleset.packs:
        if pack.is_site:
            text = "\n\n".join(e for r in pack.rules for e in r.examples_remove)
            if text:
                out.append((pack.id, text))
    return out


class WarmUpJob(CancellableJob):
    """Match, read and extract once so that the lazy parts are ready (a worker thread)."""

    done = Signal(object, int)  # job, how many rules hit (their patterns compiled)

    def __init__(self, cleaner: Cleaner, ruleset: RuleSet) -> None:
        super().__init__()
        self.cleaner = cleaner
        self.ruleset = ruleset
        #: The removals found in the sample posting (a whole posting was cleaned).
        self.sample_hits = 0
        #: The rules on whose effects were worked out on the sample posting.
        self.sample_effects = 0

    def run(self) -> None:
        woken: set[str] = set()
        try:
            for site, text in warm_texts(self.ruleset):
                if self.cancelled:
                    break
                m = self.cleaner.match(text, site=site)
                woken.update(rid for rid, hits in m.hits_by_rule.items() if hits)
            if not self.cancelled:
                m = self.cleaner.match(ingest_text(WARM_HTML, html=True), site=NO_SITE)
                facts_json(m.resolve({}))
            sample = sample_posting()
            if not self.cancelled and sample is not None:
                m = self.cleaner.match(ingest_path(sample))
                facts_json(m.resolve({}))
                self.sample_hits = sum(len(hits) for hits in m.hits_by_rule.values())
                # What a shown posting computes next: its rules' effects (the rules
                # panel's columns), and the presets' and exceptions' modules.
                for name in WARM_MODULES:
                    importlib.import_module(name)
                self.sample_effects = len(Effects(m, {}).enabled)
        except Exception:  # warming is an optimisation: a failure here changes nothing
            pass
        emit(self.done, self, len(woken))
