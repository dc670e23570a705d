"""The Settings base that Config and ChatConfig stand on: keyword-only construction, convert then
check per field, immutability, equality without the uncompared fields, masked repr, evolve."""

from __future__ import annotations

from typing import Any

import pytest

from paws_compat._frozen import FrozenInstanceError, FrozenValue, Settings, setting


def _positive(name: str, value: Any) -> None:
    if not value > 0:
        raise ValueError(f"{name} must be > 0, not {value!r}")


class Sample(Settings):
    size: int = setting(default=1, convert=int, check=_positive)
    label: str | None = None
    secret: str | None = setting(default=None, compare=False, show=lambda v: "<hidden>")


def test_defaults_and_keywords() -> None:
    assert Sample().asdict() == {"size": 1, "label": None, "secret": None}
    assert Sample(size=3, label="x").asdict() == {"size": 3, "label": "x", "secret": None}
    assert Sample.field_names() == ("size", "label", "secret")


def test_positional_and_unknown_arguments_are_type_errors() -> None:
    with pytest.raises(TypeError):
        Sample(3)  # type: ignore[call-arg]
    with pytest.raises(TypeError, match="sise"):
        Sample(sise=3)  # type: ignore[call-arg]


def test_the_value_is_converted_then_checked() -> None:
    assert Sample(size="4").size == 4  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="size must be > 0, not 0"):
        Sample(size=0)


def test_fields_cannot_be_set_or_deleted() -> None:
    sample = Sample()
    with pytest.raises(FrozenInstanceError, match="size"):
        sample.size = 2  # type: ignore[misc]
    with pytest.raises(FrozenInstanceError, match="label"):
        del sample.label
    assert isinstance(FrozenInstanceError("x"), AttributeError)
    assert sample.size == 1


def test_uncompared_fields_stay_out_of_equality_and_hash() -> None:
    a, b = Sample(size=2, secret="s1"), Sample(size=2, secret="s2")
    assert a == b and hash(a) == hash(b)
    assert Sample(size=2) != Sample(size=3)
    assert Sample() != object()


def test_repr_masks_what_it_is_told_to() -> None:
    text = repr(Sample(label="x", secret="tok-canary"))
    assert text == "Sample(size=1, label='x', secret=<hidden>)"


def test_evolve_makes_a_checked_copy() -> None:
    base = Sample(size=2, label="x")
    changed = base.evolve(size="5")
    assert (changed.size, changed.label, base.size) == (5, "x", 2)
    with pytest.raises(ValueError):
        base.evolve(size=-1)


def test_subclasses_inherit_and_extend_fields() -> None:
    class Wider(Sample):
        extra: bool = False

    assert Wider.field_names() == ("size", "label", "secret", "extra")
    assert Wider(extra=True, size=2).asdict()["extra"] is True


def test_a_field_needs_a_default() -> None:
    with pytest.raises(TypeError, match="needs a default"):

        class Broken(Settings):
            size: int


def test_frozen_value_compares_by_class_and_fields() -> None:
    class Point(FrozenValue):
        _fields = ("x",)
        x: int

        def __init__(self, x: int) -> None:
            object.__setattr__(self, "x", x)

    assert Point(1) == Point(1) and hash(Point(1)) == hash(Point(1))
    assert Point(1) != Point(2)
    assert repr(Point(1)).endswith("Point(x=1)")
    with pytest.raises(FrozenInstanceError):
        Point(1).x = 2


def test_settings_survive_pickle_and_copies() -> None:
    import copy
    import pickle

    sample = Sample(size=2, label="x", secret="s")
    for clone in (pickle.loads(pickle.dumps(sample)), copy.copy(sample), copy.deepcopy(sample)):
        assert clone == sample and clone.secret == "s"
        with pytest.raises(FrozenInstanceError):
            clone.size = 3  # type: ignore[misc]
