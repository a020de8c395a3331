"""The user's rule packs, for the rule editor (no Qt): a rule's form ⇄ its ``[[rule]]``
table, checked by the loader itself; its examples run as ``jobdesk rules test`` runs
them; and the packs in the user's rules folder listed, edited, imported, exported and
switched off as a whole.

* **A form** (:class:`RuleForm`) holds what the editor shows, as text: the pattern one
  alternative a line (a list in the pack when there are several, as the shipped packs
  write long alternations), the examples one a line (an example of several lines goes
  between two lines of ``---``), a kind's parameters as typed. :func:`rule_from_form`
  turns it into a rule table and :func:`check_rule` loads that table through the pack
  schema and the kind registry (:mod:`jobdesk.core.rules`, :mod:`jobdesk.core.kinds`):
  every problem is the loader's own reason, tied to the form's field (:class:`FieldError`).
  Keys the form does not show (``lists``, ``case_sensitive``, ``action``) are kept as
  they were written.
* **Saving** (:func:`save_rule`, :func:`delete_rule`) edits the pack with tomlkit: the
  file's comments and layout stay, and a key whose value did not change is not touched
  (a commented list of alternatives keeps its comments). The new text is loaded back
  before it replaces the file (written beside it, then renamed into place).
* **A pack switched off** (:func:`set_pack_off`) is renamed ``NAME.toml.off``: the
  loader reads ``*.toml`` only, so none of its rules runs anywhere (window, ``jobdesk
  clean``, ``rules diff``), the state needs no other file, and renaming it back (or
  switching it on in the editor) brings it back as it was.
* **Import** (:func:`import_pack`) reads a pack as the loader does (a regular file, at
  most 1 MiB, UTF-8), refuses it when anything in it does not load — naming the file,
  the rule and the key — or when its pack id or a rule id is already loaded, and copies
  it into the rules folder. **Export** (:func:`export_pack`) writes a pack's text to a
  chosen file, never through a symbolic link or over anything but a regular file.
"""

from __future__ import annotations

import os
import re
import tempfile
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from jobdesk.core.engine import Cleaner
from jobdesk.core.kinds import KINDS, PARAMS
from jobdesk.core.propose import USER_PACK, USER_PACK_ID, ExampleResult, example_results
from jobdesk.core.rules import Pack, PackError, RuleSet, parse_pack, read_pack
from jobdesk.paths import user_rules_dir

OFF_SUFFIX = ".off"
SEPARATOR = "---"
#: The keys the form shows (the kind's parameters besides).
FORM_KEYS = frozenset(
    {"id", "name", "description", "category", "kind", "default", "sites", "pattern",
     "phrases", "examples"}
)  # fmt: skip
#: The kinds one writes a rule of (the internal ones are ingest's and the engine's).
WRITABLE_KINDS = tuple(k.name for k in KINDS.values() if not k.internal)


class PackFileError(Exception):
    """A pack that cannot be imported, exported, switched or edited. ``problems``: one
    line each (the file, the rule and the key named)."""

    def __init__(self, problems: Iterable[str]) -> None:
        self.problems = [" ".join(str(p).split()) for p in problems] or ["unknown problem"]
        n = len(self.problems)
        more = f" (and {n - 1} more)" if n > 1 else ""
        super().__init__(self.problems[0] + more)


@dataclass(frozen=True)
class FieldError:
    """A problem the loader found, tied to a field of the form (``""``: the rule as a
    whole). ``key``: the pack key as the loader named it (``pattern[2]``)."""

    field: str
    message: str
    key: str = ""


# --------------------------------------------------------------------------- the form


@dataclass
class RuleForm:
    """What the editor's form holds, as text."""

    id: str = ""
    name: str = ""
    kind: str = "line"
    phrases: bool = False  # the pattern box holds literal phrases, not regexes
    pattern: str = ""  # one alternative (or phrase) a line
    category: str = "site-chrome"
    sites: str = ""  # comma- or space-separated pack ids
    default: bool = True
    description: str = ""
    remove: str = ""  # examples.remove (see split_examples)
    keep: str = ""  # examples.keep
    params: dict[str, str] = field(default_factory=dict)  # a kind's parameters, as typed
    extra: dict[str, Any] = field(default_factory=dict)  # keys the form does not show


def split_examples(text: str) -> list[str]:
    """The examples in a box: one a line; the lines between two ``---`` lines are one
    example of several lines. Blank lines outside such a block are skipped."""
    out: list[str] = []
    block: list[str] | None = None
    for line in text.split("\n"):
        if line.strip() == SEPARATOR:
            if block is not None:
                joined = "\n".join(block)
                if joined.strip():
                    out.append(joined)
                block = None
            else:
                block = []
            continue
        if block is not None:
            block.append(line)
        elif line.strip():
            out.append(line)
    if block is not None and "\n".join(block).strip():
        out.append("\n".join(block))  # a block not closed: it ends with the text
    return out


def join_examples(examples: Iterable[str]) -> str:
    """The box's text for ``examples`` (the inverse of :func:`split_examples`)."""
    lines: list[str] = []
    for ex in examples:
        if "\n" in ex or ex.strip() == SEPARATOR or not ex.strip():
            lines.extend((SEPARATOR, ex, SEPARATOR))
        else:
            lines.append(ex)
    return "\n".join(lines)


def _lines(value: Any) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, list | tuple):
        return "\n".join(str(v) for v in value)
    return ""


def _shown_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        return _lines(value)
    return str(value)


def form_from_rule(raw: Mapping[str, Any]) -> RuleForm:
    """The form of a ``[[rule]]`` table (as plain Python values)."""
    examples = raw.get("examples")
    examples = examples if isinstance(examples, Mapping) else {}
    has_phrases = "phrases" in raw and "pattern" not in raw
    kind = str(raw.get("kind", "line"))
    sites = raw.get("sites", ())
    return RuleForm(
        id=str(raw.get("id", "")),
        name=str(raw.get("name", "")),
        kind=kind,
        phrases=has_phrases,
        pattern=_lines(raw.get("phrases" if has_phrases else "pattern", "")),
        category=str(raw.get("category", "site-chrome")),
        sites=", ".join(sites) if isinstance(sites, list | tuple) else str(sites),
        default=raw.get("default", True) is not False,
        description=str(raw.get("description", "")),
        remove=join_examples(_texts(examples.get("remove"))),
        keep=join_examples(_texts(examples.get("keep"))),
        params={k: _shown_value(v) for k, v in raw.items() if k in PARAMS},
        extra={k: v for k, v in raw.items() if k not in FORM_KEYS and k not in PARAMS},
    )


def _texts(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list | tuple):
        return [str(v) for v in value]
    return []


_INT = re.compile(r"[+-]?\d+")
_FLOAT = re.compile(r"[+-]?(?:\d+\.\d*|\.\d+|\d+)(?:[eE][+-]?\d+)?")


def _param_value(name: str, text: str) -> Any:
    """A parameter as typed → the TOML value the loader checks (text it cannot read as
    the key's type goes as text: the loader then says what the key takes)."""
    if name in ("until", "between"):
        items = [line for line in text.split("\n") if line.strip()]
        return items[0] if len(items) == 1 else items
    s = text.strip()
    if name == "include_marker":
        low = s.lower()
        if low in ("true", "yes", "on", "false", "no", "off"):
            return low in ("true", "yes", "on")
        return s
    if name in ("region", "occurrence", "replacement"):
        return text if name == "replacement" else s
    if _INT.fullmatch(s):
        return int(s)
    if _FLOAT.fullmatch(s):
        return float(s)
    return s


def rule_from_form(form: RuleForm) -> dict[str, Any]:
    """The ``[[rule]]`` table of a form. Empty fields are left out (the key's default);
    a parameter with a value is kept whatever the kind (the loader then says whether the
    kind takes it: nothing the user typed is dropped without a word)."""
    rule: dict[str, Any] = {"id": form.id.strip()}
    if form.name.strip():
        rule["name"] = form.name.strip()
    if form.description.strip():
        rule["description"] = form.description.strip()
    rule["category"] = form.category
    rule["kind"] = form.kind
    if not form.default:
        rule["default"] = False
    sites = [s for s in re.split(r"[,\s]+", form.sites) if s]
    if sites:
        rule["sites"] = sites
    items = [line for line in form.pattern.split("\n") if line.strip()]
    if items:
        if form.phrases:
            rule["phrases"] = items
        else:
            rule["pattern"] = items[0] if len(items) == 1 else items
    for name in PARAMS:
        text = form.params.get(name, "")
        if text.strip():
            rule[name] = _param_value(name, text)
    for key, value in form.extra.items():
        rule.setdefault(key, value)
    examples: dict[str, list[str]] = {}
    for key, text in (("remove", form.remove), ("keep", form.keep)):
        got = split_examples(text)
        if got:
            examples[key] = got
    if examples:
        rule["examples"] = examples
    return rule


# --------------------------------------------------------------------------- checking

_INDEX = re.compile(r"\[(\d+)\]$")


def _field_of(key: str | None) -> tuple[str, str]:
    """The form's field for a loader key, and a note on which line of it."""
    if not key:
        return "", ""
    m = _INDEX.search(key)
    base = key[: m.start()] if m else key
    note = f"line {int(m.group(1)) + 1}: " if m else ""
    if base in ("phrases",) or base.startswith("lists."):
        return "pattern", (f"{key}: " if base.startswith("lists.") else note)
    if base == "examples":
        return "remove", note
    return base, note


def pack_text(rules: Iterable[Mapping[str, Any]], pack_id: str = USER_PACK_ID) -> str:
    """A pack holding ``rules``, as TOML."""
    import tomlkit

    doc = tomlkit.document()
    doc["pack"] = {"id": pack_id, "name": "My rules"}
    aot = tomlkit.aot()
    for rule in rules:
        aot.append(_table(rule))
    doc["rule"] = aot
    return tomlkit.dumps(doc)


def load_rule(
    rule: Mapping[str, Any], pack_id: str = USER_PACK_ID
) -> tuple[Pack | None, list[FieldError]]:
    """``rule`` loaded as a user rule on its own: the pack, or None and the loader's
    reasons (each tied to a field of the form)."""
    try:
        text = pack_text([rule], pack_id)
    except Exception as exc:  # a value TOML cannot hold
        return None, [FieldError("", f"cannot be written as TOML: {exc}")]
    try:
        pack, errors = parse_pack(text, "rule", user=True)
    except PackError as exc:
        return None, [FieldError("", exc.problem)]
    if errors:
        out = []
        for e in errors:
            where, note = _field_of(e.key)
            out.append(FieldError(where, note + e.problem, e.key or ""))
        return None, out
    if len(pack.rules) != 1:
        return None, [FieldError("", "the rule did not load")]
    return pack, []


def check_rule(
    rule: Mapping[str, Any], *, taken: Collection[str] = (), pack_id: str = USER_PACK_ID
) -> list[FieldError]:
    """Why ``rule`` cannot be saved ([] when it can): the loader's reasons, and an id
    that another loaded rule has (``taken``)."""
    _pack, errors = load_rule(rule, pack_id)
    rid = rule.get("id")
    if isinstance(rid, str) and rid in taken:
        errors.insert(0, FieldError("id", "another rule has this id", "id"))
    return errors


def run_examples(
    rule: Mapping[str, Any], *, seconds: float | None = None
) -> tuple[list[ExampleResult], list[FieldError]]:
    """The examples of ``rule`` run (the code of ``jobdesk rules test``), the rule on its
    own and as a user rule: its patterns are time-bounded, so a catastrophic one is
    reported ``slow``, never hangs (``seconds``: its budget per example, default the
    engine's). The errors when it does not load."""
    pack, errors = load_rule(rule)
    if pack is None:
        return [], errors
    cleaner = Cleaner(RuleSet(packs=[pack]), user_seconds=seconds)
    return example_results(pack, cleaner), []


# --------------------------------------------------------------------------- the packs


@dataclass
class UserPack:
    """One pack file in the user's rules folder (switched off: ``NAME.toml.off``)."""

    path: Path
    id: str = ""
    name: str = ""
    off: bool = False
    rules: list[dict[str, Any]] = field(default_factory=list)  # the [[rule]] tables
    errors: list[PackError] = field(default_factory=list)  # rules that do not load
    problem: str = ""  # why the pack as a whole does not load

    @property
    def label(self) -> str:
        return f"{self.name or self.path.name}" + (" (off)" if self.off else "")

    @property
    def on_path(self) -> Path:
        """The file's name when switched on."""
        return _on_path(self.path)


def _on_path(path: Path) -> Path:
    return path.with_name(path.name[: -len(OFF_SUFFIX)]) if path.name.endswith(OFF_SUFFIX) else path


def _is_pack_file(path: Path) -> bool:
    return path.name.endswith((".toml", ".toml" + OFF_SUFFIX)) and not path.name.startswith(".")


def read_user_pack(path: Path) -> UserPack:
    """A pack file as the editor lists it (never raises: a pack that does not load says
    why in ``problem``)."""
    import tomllib

    up = UserPack(path, off=path.name.endswith(OFF_SUFFIX))
    try:
        text = read_pack(path)
        data = tomllib.loads(text)
    except PackError as exc:
        up.problem = exc.problem
        return up
    except (tomllib.TOMLDecodeError, RecursionError) as exc:
        up.problem = f"not valid TOML: {exc}"
        return up
    meta = data.get("pack")
    if isinstance(meta, dict):
        up.id = str(meta.get("id", ""))
        up.name = str(meta.get("name", up.id))
    raw = data.get("rule", [])
    up.rules = [r for r in raw if isinstance(r, dict)] if isinstance(raw, list) else []
    try:
        _pack, up.errors = parse_pack(text, str(path), user=True)
    except PackError as exc:
        up.problem = exc.problem
    return up


def user_packs(folder: Path | None = None) -> list[UserPack]:
    """The packs in the user's rules folder, switched-off ones too, by file name."""
    folder = folder if folder is not None else user_rules_dir()
    if not folder.is_dir():
        return []
    files = sorted((p for p in folder.iterdir() if _is_pack_file(p)), key=lambda p: p.name)
    return [read_user_pack(p) for p in files]


def default_pack_path(folder: Path | None = None) -> Path:
    """Where a new rule goes: ``my-rules.toml`` in the user's rules folder."""
    return (folder if folder is not None else user_rules_dir()) / USER_PACK


def _write_atomic(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}-", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _document(path: Path) -> Any:
    import tomlkit

    if not path.exists():
        doc = tomlkit.document()
        doc["pack"] = {"id": USER_PACK_ID, "name": "My rules"}
        return doc
    try:
        return tomlkit.parse(read_pack(path))
    except PackError as exc:
        raise PackFileError([str(exc)]) from None
    except Exception as exc:  # tomlkit's parse errors
        raise PackFileError([f"{path}: not valid TOML: {exc}"]) from None


def _rules_of(doc: Any, path: Path) -> Any:
    import tomlkit

    if "rule" not in doc:
        doc["rule"] = tomlkit.aot()
    rules = doc["rule"]
    if not isinstance(rules, tomlkit.items.AoT):
        raise PackFileError([f"{path}: its rules are not [[rule]] tables"])
    return rules


def _add(table: Any, key: str, value: Any) -> None:
    """``examples`` as the packs write it (``examples.remove = [...]``), else as is."""
    import tomlkit

    if key == "examples" and isinstance(value, Mapping):
        for sub, items in value.items():
            table.add(tomlkit.key([key, sub]), items)
    else:
        table.add(key, value)


def _table(rule: Mapping[str, Any]) -> Any:
    """A new ``[[rule]]`` table, followed by a blank line."""
    import tomlkit

    table = tomlkit.table()
    for key, value in rule.items():
        _add(table, key, value)
    table.add(tomlkit.nl())
    return table


def _update_table(table: Any, rule: Mapping[str, Any]) -> None:
    """Give ``table`` (a tomlkit table) the keys of ``rule``; a key whose value is the
    same keeps its item (and the comments in it)."""
    import tomlkit

    old = table.unwrap()
    for key in [k for k in old if k not in rule]:
        del table[key]
    for key, value in rule.items():
        if key in old and old[key] == value:
            continue
        if key == "examples" and key in old:
            del table[key]
        if key == "examples":
            _add(table, key, value)
        else:
            table[key] = tomlkit.item(value)  # (in its place when it was there)


def save_rule(
    path: Path, rule: Mapping[str, Any], *, old_id: str | None = None, taken: Collection[str] = ()
) -> Path:
    """Write ``rule`` into the pack at ``path`` (made with a ``[pack]`` table if new): in
    place of the rule ``old_id`` when given, else appended. Refused (PackFileError, and
    nothing written) when it does not load back from the new text, or its id is taken."""
    errors = check_rule(rule, taken=taken)
    if errors:
        raise PackFileError(f"{e.key or 'rule'}: {e.message}" for e in errors)
    doc = _document(path)
    rules = _rules_of(doc, path)
    rid = str(rule["id"])
    tables = list(rules)
    others = [t for t in tables if t.get("id") != old_id] if old_id else tables
    if any(t.get("id") == rid for t in others):
        raise PackFileError([f"{path}: rule {rid!r} is already in this pack"])
    target = next((t for t in tables if old_id and t.get("id") == old_id), None)
    if old_id and target is None:
        raise PackFileError([f"{path}: no rule {old_id!r} (changed on disk?)"])
    import tomlkit

    if target is not None:
        _update_table(target, rule)
    else:
        if len(rules) and not rules[-1].as_string().endswith("\n\n"):
            rules[-1].add(tomlkit.nl())  # a blank line between the rules
        rules.append(_table(rule))
    _save_loaded(path, tomlkit.dumps(doc), rid)
    return path


def _save_loaded(path: Path, text: str, rid: str | None) -> None:
    try:
        pack, errors = parse_pack(text, str(path), user=True)
    except PackError as exc:
        raise PackFileError([str(exc)]) from None
    if rid is not None:
        mine = [e for e in errors if e.rule_id == rid]
        if mine:
            raise PackFileError(map(str, mine))
        if sum(r.id == rid for r in pack.rules) != 1:
            raise PackFileError([f"{path}: the rule {rid!r} did not load back"])
    _write_atomic(path, text)


def delete_rule(path: Path, rule_id: str) -> Path:
    """Remove the rule ``rule_id`` from the pack at ``path`` (comments elsewhere stay)."""
    import tomlkit

    doc = _document(path)
    rules = _rules_of(doc, path)
    keep = [t for t in rules if t.get("id") != rule_id]
    if len(keep) == len(rules):
        raise PackFileError([f"{path}: no rule {rule_id!r}"])
    index = next(k for k, t in enumerate(rules) if t.get("id") == rule_id)
    del rules[index]
    if not len(rules):
        del doc["rule"]
    _save_loaded(path, tomlkit.dumps(doc), None)
    return path


def _free_name(folder: Path, name: str) -> Path:
    stem = name[: -len(".toml")] if name.endswith(".toml") else name
    stem = re.sub(r"[^A-Za-z0-9._-]+", "-", stem).strip(".-") or "pack"
    n = 1
    while True:
        candidate = folder / (f"{stem}.toml" if n == 1 else f"{stem}-{n}.toml")
        if not candidate.exists() and not candidate.with_name(candidate.name + OFF_SUFFIX).exists():
            return candidate
        n += 1


def import_pack(source: Path, loaded: RuleSet, folder: Path | None = None) -> Path:
    """Copy the pack at ``source`` into the user's rules folder, checked first: refused
    (PackFileError, one line per problem, each naming the file, the rule and the key)
    when any of it does not load, it holds no rule, or its pack id or a rule id is
    already loaded (``loaded``). Returns the new file."""
    folder = folder if folder is not None else user_rules_dir()
    try:
        text = read_pack(source)
        pack, errors = parse_pack(text, str(source), user=True)
    except PackError as exc:
        raise PackFileError([str(exc)]) from None
    problems = [str(e) for e in errors]
    if not pack.rules and not errors:
        problems.append(f"{source}: holds no [[rule]]")
    other = loaded.pack(pack.id)
    if other is not None:
        problems.append(f"{source}: [pack] id: {pack.id!r} is already loaded (from {other.path})")
    for rule in pack.rules:
        there = loaded.get(rule.id)
        if there is not None:
            where = loaded.pack(there.pack)
            problems.append(
                f"{source}: rule {rule.id!r}: id: already defined by pack "
                f"{where.name if where else there.pack!r}"
            )
    if problems:
        raise PackFileError(problems)
    target = _free_name(folder, source.name)
    _write_atomic(target, text)
    return target


def export_pack(path: Path, dest: Path, *, force: bool = False) -> Path:
    """Write the pack at ``path`` to ``dest`` (its text as it is). An existing ``dest``
    is replaced only with ``force``, and only when it is a regular file (never through a
    symbolic link); the text is written beside it and renamed into place."""
    try:
        text = read_pack(path)
    except PackError as exc:
        raise PackFileError([str(exc)]) from None
    if dest.is_symlink():
        raise PackFileError([f"{dest}: a symbolic link: not replaced"])
    if dest.exists():
        if not dest.is_file():
            raise PackFileError([f"{dest}: not a regular file: not replaced"])
        if not force:
            raise PackFileError([f"{dest}: already exists"])
    try:
        _write_atomic(dest, text)
    except OSError as exc:
        raise PackFileError([f"{dest}: cannot write: {exc.strerror or exc}"]) from None
    return dest


def set_pack_off(path: Path, off: bool) -> Path:
    """Switch the pack at ``path`` off (renamed ``NAME.toml.off``: none of its rules
    loads) or on again; returns its new path."""
    on = _on_path(path)
    target = on.with_name(on.name + OFF_SUFFIX) if off else on
    if target == path:
        return path
    if target.exists():
        raise PackFileError([f"{target}: already exists; not renamed"])
    try:
        os.replace(path, target)
    except OSError as exc:
        raise PackFileError([f"{path}: cannot rename: {exc.strerror or exc}"]) from None
    return target


def off_packs(folder: Path | None = None) -> list[UserPack]:
    """The user's packs that are switched off."""
    return [p for p in user_packs(folder) if p.off]
