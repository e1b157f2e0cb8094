"""Messages with numbers in them, formatted only when shown, by whoever shows them.

A rule's explanation or a validator's refusal is a template plus the numbers it speaks of (`Num`, each with its unit),
not a finished string: the findings table renders it with the user's locale and unit system, the command line with
English digits, the report with its stated locale — and a check that nobody reads costs no string formatting.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable

from .units import METRIC, Formatter, UnitSystem


@dataclass(frozen=True, slots=True)
class Num:
    """A number inside a message, in the stored unit `unit`.

    places: decimals in display units (None: the unit's reading precision, or with exact=True as many as the
    value needs, up to two more); direction: "up"/"down" rounds a target outward so that, typed in, it passes;
    dual: a length also in the other unit system, '558.8 mm (22.0 in)', for limits the CFR states in inches.
    """

    value: float
    unit: str = ""
    places: int | None = None
    direction: str = "nearest"
    exact: bool = False
    dual: bool = False

    def render(self, fmt: Formatter) -> str:
        places = fmt.exact_places(self.value, self.unit) if self.exact and self.places is None else self.places
        text = fmt.value(self.value, self.unit, places=places, direction=self.direction)
        if self.dual:
            other = Formatter(UnitSystem.metric if fmt.system == UnitSystem.us else UnitSystem.us, fmt.digits,
                              fmt.locale_name)
            if other.unit(self.unit) != fmt.unit(self.unit):
                text += f" ({Num(self.value, self.unit, None, self.direction, True).render(other)})"
        return text


def _render(value: Any, fmt: Formatter) -> Any:
    if isinstance(value, (Num, Msg)):
        return value.render(fmt)
    if isinstance(value, bool):
        return value
    if isinstance(value, int):
        return fmt.number(value, 0)
    if isinstance(value, float):
        return fmt.number(value, 2, trim=True)
    return value


class Msg:
    """`str.format` template with positional and named arguments that are rendered by a Formatter.

    `extra` named values (a finding's own measured, limit, margin and target) are supplied at render time, so the
    numbers in the text are exactly those shown beside it.
    """

    __slots__ = ("template", "args", "kwargs")

    def __init__(self, template: str, *args: Any, **kwargs: Any) -> None:
        self.template = template
        self.args = args
        self.kwargs = kwargs

    def render(self, fmt: Formatter = METRIC, **extra: Any) -> str:
        args = [_render(a, fmt) for a in self.args]
        kwargs = {k: _render(v, fmt) for k, v in self.kwargs.items()}
        kwargs.update(extra)
        return self.template.format(*args, **kwargs)

    def __str__(self) -> str:
        return self.render()

    def __repr__(self) -> str:
        return f"Msg({self.template!r})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Msg) and (self.template, self.args, self.kwargs) == (
            other.template, other.args, other.kwargs)

    def __hash__(self) -> int:
        return hash(self.template)

    def __reduce__(self):  # a LazyMsg pickles as the plain message it reads as
        return (_rebuild, (self.template, tuple(self.args), self.kwargs))


class LazyMsg(Msg):
    """A message whose numbers are made only when it is read: `make()` returns its positional arguments. For the
    explanations of per-seat findings, which a check builds by the dozen and nobody may read."""

    __slots__ = ("make",)

    def __init__(self, template: str, make: Callable[[], tuple[Any, ...]]) -> None:
        self.template = template
        self.make = make
        self.kwargs = {}

    @property
    def args(self) -> tuple[Any, ...]:  # type: ignore[override]
        return self.make()


def _rebuild(template: str, args: tuple, kwargs: dict) -> Msg:
    return Msg(template, *args, **kwargs)


def text(value: str | Msg, fmt: Formatter = METRIC) -> str:
    """A plain string or a message, as text."""
    return value.render(fmt) if isinstance(value, Msg) else value


class FieldValueError(ValueError):
    """A model validator's refusal, naming the field (a dotted path relative to the model that raised it) and
    saying why in a Msg, so that the field's path needs no parsing and its numbers follow the user's locale."""

    def __init__(self, field: str, message: Msg) -> None:
        self.field = field
        self.message = message
        super().__init__(f"{field}: {message.render()}")
