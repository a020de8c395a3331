"""jobdesk: paste a job posting, get the clean posting, every removal explained."""

__version__ = "0.1.0"
