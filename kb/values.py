"""Reading the values people write: numbers like 70B or 1e21, and dates like 2022-03 or 2022-03-29."""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass
from decimal import Decimal

from kb.vocab import SUFFIXES

_NUMBER = re.compile(r"^([0-9]+(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?)\s?([KMBT]?)$")
_DATE = re.compile(r"^([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?$")


def parse_number(value) -> float | int | None:
    """A positive figure from a YAML number or a string such as '70B'; None if it is neither.

    >>> parse_number("70B"), parse_number("1.4T"), parse_number(5.76e23), parse_number("60M")
    (70000000000, 1400000000000, 5.76e+23, 60000000)
    >>> parse_number("seventy") is None, parse_number(float("nan")) is None
    (True, True)
    """
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        number = value
    elif isinstance(value, str):
        match = _NUMBER.match(value.strip())
        if not match:
            return None
        # decimal arithmetic, so that 8.2M is exactly 8,200,000 and not 8,199,999.999...
        number = float(Decimal(match.group(1)) * Decimal(int(SUFFIXES.get(match.group(2), 1))))
    else:
        return None
    if not math.isfinite(number):  # .nan and .inf are YAML numbers but not figures
        return None
    if isinstance(number, float) and number.is_integer() and abs(number) < 1e15:
        return int(number)
    return number


@dataclass(frozen=True, order=True)
class PartialDate:
    """A date known to the year, the month or the day."""

    year: int
    month: int = 0
    day: int = 0

    @classmethod
    def parse(cls, value) -> PartialDate:
        """Read YYYY, YYYY-MM or YYYY-MM-DD; raise ValueError naming what is wrong.

        >>> PartialDate.parse("2022-03"), PartialDate.parse(2019)
        (PartialDate(year=2022, month=3, day=0), PartialDate(year=2019, month=0, day=0))
        """
        if isinstance(value, PartialDate):
            return value
        if isinstance(value, bool):
            raise ValueError("expected YYYY, YYYY-MM or YYYY-MM-DD")
        text = str(value) if isinstance(value, int) else value
        match = _DATE.fullmatch(text) if isinstance(text, str) else None
        if not match:
            raise ValueError("expected YYYY, YYYY-MM or YYYY-MM-DD")
        year, month, day = (int(g) if g else 0 for g in match.groups())
        if match.group(2) and not 1 <= month <= 12:
            raise ValueError(f"there is no month {month:02d}")
        if match.group(3):
            try:
                dt.date(year, month, day)
            except ValueError:
                raise ValueError(f"{text} does not exist (no day {day} in {year}-{month:02d})") from None
        return cls(year, month, day)

    def __str__(self) -> str:
        text = f"{self.year:04d}"
        if self.month:
            text += f"-{self.month:02d}"
            if self.day:
                text += f"-{self.day:02d}"
        return text

    def is_after(self, today: dt.date) -> bool:
        """True when the whole period this date names begins after `today`."""
        return self.start > (today.year, today.month, today.day)

    @property
    def start(self) -> tuple[int, int, int]:
        """The first day of the period, as a sortable tuple."""
        return (self.year, self.month or 1, self.day or 1)

    @property
    def end(self) -> tuple[int, int, int]:
        """The last day of the period, as a sortable tuple."""
        if self.day:
            return (self.year, self.month, self.day)
        if self.month:
            return (self.year, self.month, 31)
        return (self.year, 12, 31)

    @property
    def fraction(self) -> float:
        """A decimal year for charts: the middle of the period.

        >>> round(PartialDate(2020, 7, 1).fraction, 3)
        2020.499
        """
        if not self.month:
            return self.year + 0.5
        if not self.day:
            return self.year + (self.month - 0.5) / 12
        return self.year + (dt.date(self.year, self.month, self.day).timetuple().tm_yday - 0.5) / 366


def short(number: float) -> str:
    """A figure the way people say it: 70B, 1.4T, 25.6M; FLOP-sized numbers in scientific notation.

    >>> short(70_000_000_000), short(1.4e12), short(25_600_000), short(5.76e23), short(50), short(8192)
    ('70B', '1.4T', '25.6M', '5.76e23', '50', '8,192')
    """
    if number >= 1e15:
        mantissa, exponent = f"{number:.3g}".split("e")
        return f"{mantissa}e{int(exponent)}"
    for suffix, scale in (("T", 1e12), ("B", 1e9), ("M", 1e6)):
        if number >= scale:
            return f"{number / scale:.4g}{suffix}"
    return f"{number:,.4g}" if number != int(number) else f"{int(number):,}"
