"""A rule set with one user pack read again from its file (no Qt).

After "Add rule" writes the user's pack, the window's rule set takes the new file in
place: every part of the window holds the same :class:`~jobdesk.core.rules.RuleSet`
object, so it is changed in place rather than replaced.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from jobdesk.core.rules import PackError, RuleSet, parse_pack, read_pack


def reload_pack(ruleset: RuleSet, path: Path) -> list[PackError]:
    """Read the user pack at ``path`` again into ``ruleset`` (in place: the pack loaded
    from that file is replaced, or the new one added after the others). Returns the
    pack's problems (its bad rules are skipped, as at start-up). Raises PackError when
    the file cannot be read at all (the rule set is then left as it was)."""
    pack, errors = parse_pack(read_pack(path), str(path), user=True)
    taken = {r.id for p in ruleset.packs if p.path != str(path) for r in p.rules}
    clash = [r.id for r in pack.rules if r.id in taken]
    if clash:
        errors = [
            *errors,
            *(PackError(str(path), "another pack has this id", rid) for rid in clash),
        ]
        pack = replace(pack, rules=tuple(r for r in pack.rules if r.id not in taken))
    packs = list(ruleset.packs)
    for i, old in enumerate(packs):
        if old.path == str(path):
            packs[i] = pack
            break
    else:
        packs.append(pack)
    ruleset.packs[:] = packs
    ruleset.errors[:] = [e for e in ruleset.errors if e.path != str(path)] + errors
    ruleset.__post_init__()  # the rules by id
    return errors
