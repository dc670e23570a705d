"""Immutable values, and settings validated field by field, without a class-building library.

Config is built on every client's start-up path and ChatConfig on every session's. attrs and
dataclasses import `inspect` and compile methods when a class is defined; measured, that alone
(13 ms here) was more than all of our own start-up and put the cold start over its budget
(bench/README.md). These two bases give what our value classes need, in plain methods: keyword-only
construction with a converter and a check per field, immutability, equality, hashing, a repr that
can mask a field, `evolve()` and `asdict()`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, ClassVar

if TYPE_CHECKING:
    from typing_extensions import Self, dataclass_transform
else:

    def dataclass_transform(**_options: Any) -> Callable[[type], type]:
        return lambda cls: cls


class FrozenInstanceError(AttributeError):
    """Raised on assigning to, or deleting, a field of an immutable value."""


class FrozenValue:
    """A small immutable value: equal when its class and compared fields are, hashable, shown by
    its fields. Subclasses list their fields in `_fields` and set them with `object.__setattr__`.
    """

    __slots__ = ()
    _fields: ClassVar[tuple[str, ...]] = ()

    def _values(self) -> tuple[Any, ...]:
        return tuple(getattr(self, name) for name in self._fields)

    def __eq__(self, other: object) -> bool:
        if other.__class__ is self.__class__:
            return self._values() == other._values()
        return NotImplemented

    def __hash__(self) -> int:
        return hash(self._values())

    def __repr__(self) -> str:
        shown = ", ".join(f"{name}={getattr(self, name)!r}" for name in self._fields)
        return f"{type(self).__qualname__}({shown})"

    def __setattr__(self, name: str, value: Any) -> None:
        raise FrozenInstanceError(f"{type(self).__qualname__} is immutable: cannot assign to {name!r}")

    def __delattr__(self, name: str) -> None:
        raise FrozenInstanceError(f"{type(self).__qualname__} is immutable: cannot delete {name!r}")


Check = Callable[[str, Any], None]


class Setting:
    """One field of a Settings class: its default, how a given value is converted then checked,
    whether it takes part in equality, and how repr shows it."""

    __slots__ = ("check", "compare", "convert", "default", "name", "show")

    def __init__(
        self,
        default: Any,
        check: Check | None,
        convert: Callable[[Any], Any] | None,
        compare: bool,
        show: Callable[[Any], str] | None,
    ) -> None:
        self.name = ""
        self.default = default
        self.check = check
        self.convert = convert
        self.compare = compare
        self.show = show


def setting(
    *,
    default: Any,
    check: Check | None = None,
    convert: Callable[[Any], Any] | None = None,
    compare: bool = True,
    show: Callable[[Any], str] | None = None,
) -> Any:
    """Declare a field of a Settings class. `check(name, value)` raises on a bad value (after
    `convert`); `show(value)` is what repr prints instead of the value, for secrets."""
    return Setting(default, check, convert, compare, show)


@dataclass_transform(kw_only_default=True, frozen_default=True, field_specifiers=(setting,))
class Settings(FrozenValue):
    """Keyword-only, validated, immutable settings. Fields are the class' annotated names in order;
    each default is a plain value or a `setting(...)`. Defaults are immutable values (no lists)."""

    _settings: ClassVar[tuple[Setting, ...]] = ()
    _compared: ClassVar[tuple[str, ...]] = ()

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        own: list[Setting] = []
        # Not inspect.get_annotations: importing inspect is the cost this module exists to avoid.
        annotations = cls.__dict__.get("__annotations__", {})  # noqa: RUF063
        for name, annotation in annotations.items():
            if str(annotation).startswith(("ClassVar", "typing.ClassVar")):
                continue
            declared = cls.__dict__.get(name)
            if declared is None and name not in cls.__dict__:
                raise TypeError(f"{cls.__qualname__}.{name} needs a default")
            spec = declared if isinstance(declared, Setting) else Setting(declared, None, None, True, None)
            spec.name = name
            own.append(spec)
            type.__delattr__(cls, name)  # instances hold the values; the class keeps only specs
        inherited = [s for s in cls._settings if s.name not in {o.name for o in own}]
        cls._settings = (*inherited, *own)
        cls._fields = tuple(s.name for s in cls._settings)
        cls._compared = tuple(s.name for s in cls._settings if s.compare)

    def __init__(self, **values: Any) -> None:
        unknown = values.keys() - set(self._fields)
        if unknown:
            names = ", ".join(sorted(unknown))
            raise TypeError(f"{type(self).__qualname__}() got unexpected keyword argument(s): {names}")
        for spec in self._settings:
            value = values.get(spec.name, spec.default)
            if spec.convert is not None:
                value = spec.convert(value)
            if spec.check is not None:
                spec.check(spec.name, value)
            object.__setattr__(self, spec.name, value)

    @classmethod
    def field_names(cls) -> tuple[str, ...]:
        return cls._fields

    def _values(self) -> tuple[Any, ...]:
        return tuple(getattr(self, name) for name in self._compared)

    def __repr__(self) -> str:
        shown = ", ".join(
            f"{s.name}={s.show(getattr(self, s.name)) if s.show else repr(getattr(self, s.name))}"
            for s in self._settings
        )
        return f"{type(self).__qualname__}({shown})"

    def asdict(self) -> dict[str, Any]:
        """Every field's value, by name (not recursive)."""
        return {name: getattr(self, name) for name in self._fields}

    def evolve(self, **changes: Any) -> Self:
        """A copy with some fields changed, converted and checked like a new instance."""
        return type(self)(**{**self.asdict(), **changes})
