"""Words shared by the readers: the nouns that name a role, and lines that are no header."""

from __future__ import annotations

import functools
import re

# Words that name a role: a line holding one of them is likely a job title.
_ROLE_NOUNS = [
    r"engineer",
    r"engineers",
    r"engineering",
    r"developer",
    r"developers",
    r"scientist",
    r"scientists",
    r"analyst",
    r"analysts",
    r"manager",
    r"managers",
    r"specialist",
    r"specialists",
    r"designer",
    r"designers",
    r"architect",
    r"architects",
    r"consultant",
    r"consultants",
    r"coordinator",
    r"coordinators",
    r"director",
    r"directors",
    r"administrator",
    r"administrators",
    r"technician",
    r"technicians",
    r"tester",
    r"testers",
    r"teacher",
    r"teachers",
    r"instructor",
    r"instructors",
    r"facilitator",
    r"facilitators",
    r"lead",
    r"leader",
    r"leaders",
    r"officer",
    r"officers",
    r"assistant",
    r"assistants",
    r"associate",
    r"associates",
    r"representative",
    r"representatives",
    r"agent",
    r"agents",
    r"advisor",
    r"advisors",
    r"adviser",
    r"advisers",
    r"accountant",
    r"accountants",
    r"nurse",
    r"nurses",
    r"editor",
    r"editors",
    r"writer",
    r"writers",
    r"reporter",
    r"reporters",
    r"researcher",
    r"researchers",
    r"intern",
    r"interns",
    r"internship",
    r"programmer",
    r"programmers",
    r"strategist",
    r"strategists",
    r"producer",
    r"producers",
    r"operator",
    r"operators",
    r"supervisor",
    r"supervisors",
    r"head",
    r"vp",
    r"president",
    r"executive",
    r"executives",
    r"recruiter",
    r"recruiters",
    r"clerk",
    r"clerks",
    r"driver",
    r"drivers",
    r"therapist",
    r"therapists",
    r"counselor",
    r"counsellor",
    r"planner",
    r"planners",
    r"buyer",
    r"buyers",
    r"chef",
    r"cook",
    r"cashier",
    r"mechanic",
    r"mechanics",
    r"electrician",
    r"electricians",
    r"expert",
    r"experts",
    r"owner",
    r"principal",
    r"professor",
    r"lecturer",
    r"lecturers",
    r"tutor",
    r"tutors",
    r"educator",
    r"educators",
    r"worker",
    r"workers",
    r"attendant",
    r"attendants",
    r"aide",
    r"aides",
    r"coach",
    r"coaches",
    r"trainer",
    r"trainers",
    r"investigator",
    r"auditor",
    r"auditors",
    r"controller",
    r"economist",
    r"statistician",
    r"physician",
    r"pharmacist",
    r"lawyer",
    r"attorney",
    r"paralegal",
    r"secretary",
    r"receptionist",
    r"salesperson",
    r"marketer",
    r"steward",
    r"guard",
    r"inspector",
    r"surveyor",
    r"estimator",
    r"fellow",
    r"apprentice",
    r"trainee",
    r"partner",
    r"sme",
    r"generalist",
    r"hygienist",
    r"dentist",
    r"veterinarian",
    r"technologist",
    r"machinist",
    r"welder",
    r"carpenter",
    r"plumber",
]
ROLE_RE = re.compile(
    r"\b(?:(?:" + "|".join(_ROLE_NOUNS) + r"|mgr|dev|devops|sre|cto|ceo|cfo|coo)\b|sr\.|jr\.)", re.I
)
_ROLE_WORDS = frozenset([*_ROLE_NOUNS, "mgr", "dev", "devops", "sre", "cto", "ceo", "cfo", "coo"])
# The characters besides A-Z that ``re.I`` matches to an ASCII letter, as that letter. With
# them first, ``str.lower`` keeps every string's length and which characters are ``\w``
# (tests/core/test_facts_scan.py checks all of Unicode), so ``ROLE_RE`` matches a string
# exactly when one of its words, folded so, is a role word.
_WORD_RUN = re.compile(r"\w+")


def fold(s: str) -> str:
    """``s`` as ``re.I`` compares it with a lower-case ASCII pattern."""
    if s.isascii():
        return s.lower()
    for ch, ascii_letter in _FOLDS:
        if ch in s:
            s = s.replace(ch, ascii_letter)
    return s.lower()


_FOLDS = (("\u0130", "i"), ("\u0131", "i"), ("\u212a", "k"), ("\u017f", "s"))


@functools.lru_cache(maxsize=8192)
def names_role(s: str) -> bool:
    """``bool(ROLE_RE.search(s))``, by a look-up of its words (a big alternation under
    ``re.I`` tries every noun at every word)."""
    folded = fold(s)
    words = _WORD_RUN.findall(folded)
    if not _ROLE_WORDS.isdisjoint(words):
        return True
    if "sr." in folded or "jr." in folded:  # "Sr. Engineer"
        for m in _WORD_RUN.finditer(folded):
            if m.group() in ("sr", "jr") and folded.startswith(".", m.end()):
                return True
    return False


# UI strings and wrapper headings that are never a title, company or location.
NOT_HEADER = re.compile(
    r"^(?:skip to (?:main )?content|apply(?: now| on company site)?|easy apply|quick apply|save|"
    r"saved|share|report(?: this)? job|back to (?:jobs|search(?: results)?|careers)|view all jobs|"
    r"about the (?:job|role|position|company|team)|job description|full job description|"
    r"description|overview|summary|job summary|job details|details|job post details|"
    r"responsibilities|requirements|qualifications|benefits|about us|who we are|"
    r"sign in|log in|join now|menu|home|careers|jobs|new|promoted|hero|"
    r"show more|show less|see more|more|follow|following|company profile|"
    r"job opportunity|apply for this job|position summary|role description|the role|"
    r"(?:essential |key |primary |main )?(?:job )?(?:functions|duties|responsibilities)|"
    r"what you(?:'|’)ll do|what we offer|who you are|skills|education|experience|"
    r"physical (?:demands|requirements)|working conditions|schedule|compensation|pay|salary|"
    r"perks|about|minimum qualifications|preferred qualifications|nice to have|"
    r"the position|the opportunity|general description|job title|title|location|company)\W*$",
    re.I,
)
SENTENCE_LIKE = re.compile(r"[.!?]\s+\S|[.!?:]$")
