"""``via``: a shell's names forwarded to its parts, read when used."""

from __future__ import annotations

import pytest

from jobdesk.gui.forward import forwards, via


class Part:
    def __init__(self, tag: str) -> None:
        self.tag = tag
        self.inner = self

    def hello(self, who: str, *, loud: bool = False) -> str:
        text = f"{self.tag}: hello {who}"
        return text.upper() if loud else text

    @property
    def size(self) -> int:
        return len(self.tag)


class Shell:
    hello = via("part")
    greet = via("part", "hello")
    size = via("part")
    deep = via("inner", "tag")  # through another forwarded name
    inner = via("part")

    def __init__(self) -> None:
        self.part = Part("a")


def test_a_forwarded_name_is_the_parts_as_it_is_when_used() -> None:
    shell = Shell()
    assert shell.hello("you") == "a: hello you"
    assert shell.greet("me", loud=True) == "A: HELLO ME"
    assert shell.size == 1 and shell.deep == "a"
    shell.part = Part("bbb")  # a part replaced later is the one used
    assert shell.hello("you") == "bbb: hello you" and shell.size == 3 and shell.deep == "bbb"


def test_on_the_class_a_forwarded_method_is_an_unbound_function(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    shell = Shell()
    assert hasattr(Shell, "hello")  # before any part exists
    unbound = Shell.greet
    assert unbound(shell, "x") == "a: hello x"

    def wrapped(self: Shell, who: str) -> str:  # wrapping it as one wraps a method
        return "[" + unbound(self, who) + "]"

    with monkeypatch.context() as m:
        m.setattr(Shell, "greet", wrapped)
        assert shell.greet("y") == "[a: hello y]"
    assert isinstance(vars(Shell)["greet"], via)  # put back as it was
    assert shell.greet("z") == "a: hello z"


def test_forwards_lists_every_forwarded_name() -> None:
    assert forwards(Shell) == {
        "hello": ("part", "hello"),
        "greet": ("part", "hello"),
        "size": ("part", "size"),
        "deep": ("inner", "tag"),
        "inner": ("part", "inner"),
    }


def test_a_missing_part_is_an_attribute_error() -> None:
    shell = Shell()
    del shell.part
    with pytest.raises(AttributeError, match="part"):
        shell.hello("x")
