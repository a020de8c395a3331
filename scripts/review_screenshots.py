"""Render the "Review changes" view offscreen: ``uv run python scripts/review_screenshots.py``.

Writes ``review-1280x800.png`` (light) and ``review-1024x640-dark.png`` into
``docs/screenshots/`` (``--out`` to change): a library of made-up pastes saved with
older rule choices (the cookie banners and the "similar jobs" lists kept, one posting
edited by hand), reviewed against today's defaults. Settings and the library go to a
temporary directory.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from PySide6.QtCore import QSettings  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from jobdesk.gui.library import install_library  # noqa: E402
from jobdesk.gui.loading import SyncExecutor  # noqa: E402
from jobdesk.gui.window import MainWindow  # noqa: E402
from jobdesk.session import Input, PostingSession, load_input, save_drafts  # noqa: E402
from jobdesk.storage import Library  # noqa: E402
from scripts.screenshots import _save, dark_palette, settle  # noqa: E402

PASTE = """{title}
{company} · {place}
Apply
Save

About the job
You’ll {task} with a small, friendly team.
• {skill}
• Code review and pairing every week

Pay: {pay}

Accept all cookies
Similar jobs
{other}
Other Corp · Remote
"""

JOBS = [
    ("Data Engineer", "Northwind", "Berlin", "build reliable pipelines", "Python and SQL",
     "€70,000 – €85,000 a year", "Analytics Engineer"),
    ("Platform Engineer", "Contoso", "Remote", "run our Kubernetes clusters", "Go or Rust",
     "$150,000 – $180,000 a year", "SRE"),
    ("Frontend Developer", "Fabrikam", "Lisbon", "shape our design system", "TypeScript",
     "€50,000 – €60,000 a year", "UI Engineer"),
    ("ML Engineer", "Tailspin", "London", "ship models to production", "PyTorch",
     "£80,000 – £95,000 a year", "Data Scientist"),
    ("Backend Developer", "Litware", "Vienna", "design our public API", "Kotlin",
     "€60,000 – €72,000 a year", "Java Developer"),
    ("Site Reliability Engineer", "Adventure Works", "Toronto", "keep the lights on",
     "Terraform", "CA$130,000 – CA$150,000 a year", "DevOps Engineer"),
]  # fmt: skip

#: The choices the library was saved with: banners and "similar jobs" lists kept.
OLD = {
    rid: False
    for rid in (
        "chrome.cookie-banner", "chrome.consent-choice",
        "lists.other-jobs-tail", "lists.other-jobs-heading",
    )
}  # fmt: skip
SIZES = (((1280, 800), "light"), ((1024, 640), "dark"))


def fill(path: Path, window: MainWindow) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with Library.open(path) as lib:
        for n, (title, company, place, task, skill, pay, other) in enumerate(JOBS):
            text = PASTE.format(
                title=title, company=company, place=place, task=task, skill=skill, pay=pay,
                other=other,
            )  # fmt: skip
            if n == 2:  # a posting without the page's leftovers: unchanged
                text = text.split("\nAccept all cookies")[0] + "\n"
            loaded = load_input(Input("paste", text=text, html=False), window.cleaner)
            assert loaded.matched is not None
            s = PostingSession(label="paste", matched=loaded.matched)
            if n == 3:  # the user's own edit
                rules_text = loaded.matched.resolve(OLD).cleaned
                s.hand_edit(rules_text.replace("Pay:", "My notes: ask about the team.\nPay:"),
                            rules_text)  # fmt: skip
            d = s.draft(OLD)
            assert d is not None
            save_drafts(lib, [d])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setStyle("Fusion")
    from jobdesk.core.rules import load_rules

    rules = load_rules(user_dir=False)
    written = []
    light = app.palette()
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        for (width, height), theme in SIZES:
            app.setPalette(dark_palette() if theme == "dark" else light)
            settings = QSettings(str(tmp / f"{theme}.ini"), QSettings.Format.IniFormat)
            w = MainWindow(rules, settings=settings, executor=SyncExecutor())
            lib_path = tmp / theme / "library.sqlite3"
            fill(lib_path, w)
            ctl = install_library(w, lib_path, executor=SyncExecutor())
            assert ctl is not None and ctl.review is not None
            ctl.poll.stop()
            view = ctl.review.start_review()
            view.resize(width, height)
            view.split.setSizes([width * 9 // 20, width * 11 // 20])
            view.table.selectRow(0)
            settle(app)
            suffix = "" if theme == "light" else "-dark"
            written.append(_save(view, args.out / f"review-{width}x{height}{suffix}.png"))
            view.close()
            w.close()
    for p in written:
        print(p)
    return 0


if __name__ == "__main__":
    sys.exit(main())
