"""Webmail chrome around a posting (jobdesk/rules/generic-webmail.toml), site-blind."""

from __future__ import annotations

import pytest

from jobdesk.core.engine import NO_SITE, Cleaner
from jobdesk.core.rules import load_rules

POSTING = """Senior Data Engineer
Northwind Analytics · Remote (US) · Full-time
$160,000 - $185,000 a year

You will own the ingestion platform that feeds our forecasting models.

Requirements
• 5+ years of Python and SQL
• Visa sponsorship is not available for this role.
"""

GMAIL = f"""Gmail
Compose
Inbox 1,204
Starred
Snoozed
Sent
Drafts 3
More
Search mail
Fwd: Senior Data Engineer - Remote (US)
Inbox

Jane Roe <jane.roe@talentbridge.example>
Thu, Nov 20, 10:42 AM (2 days ago)
to me

---------- Forwarded message ---------
From: Hiring Team <jobs@northwind.example>
Date: Wed, Nov 19, 2025 at 4:15 PM
Subject: Senior Data Engineer - Remote (US)
To: Jane Roe <jane.roe@talentbridge.example>

{POSTING}
Reply
Forward
"""

OUTLOOK = f"""Outlook
Search
New mail
Focused
Other
Inbox
Drafts
Sent Items
Deleted Items
Archive
Reply all
Mark as unread
Jane Roe <jane.roe@talentbridge.example>
Mon 17/11/2025 09:12
{POSTING}
Get Outlook for iOS
"""

NOISE = [
    "Compose", "Starred", "Search mail", "Focused", "Deleted Items", "Reply all",
    "Mark as unread", "jane.roe@", "Forwarded message", "10:42 AM", "09:12", "to me",
    "Get Outlook",
]  # fmt: skip


@pytest.fixture(scope="module")
def cleaner() -> Cleaner:
    return Cleaner(load_rules(user_dir=False))


@pytest.mark.parametrize("paste", [GMAIL, OUTLOOK], ids=["gmail", "outlook"])
def test_webmail_chrome_goes_and_the_posting_stays(cleaner: Cleaner, paste: str) -> None:
    cleaned = cleaner.match(paste, site=NO_SITE).resolve().cleaned
    for line in POSTING.strip().splitlines():
        assert line in cleaned
    assert [n for n in NOISE if n in cleaned] == []
