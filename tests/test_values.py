"""Reading the values people write: figures like 70B and dates like 2022-03."""

from __future__ import annotations

import datetime as dt

import pytest

from kb.values import PartialDate, parse_number, short


@pytest.mark.parametrize(
    ("written", "number"),
    [
        ("70B", 70_000_000_000),
        ("1.4T", 1_400_000_000_000),
        ("60M", 60_000_000),
        ("175B", 175_000_000_000),
        ("8.2M", 8_200_000),
        ("25.6M", 25_600_000),
        ("2K", 2_000),
        ("70 B", 70_000_000_000),
        ("5.76e23", 5.76e23),
        ("1e21", 1e21),
        ("175e9", 175_000_000_000),
        ("50", 50),
        (70e9, 70_000_000_000),
        (5.76e23, 5.76e23),
        (50, 50),
    ],
)
def test_parse_number_reads_what_people_write(written, number):
    assert parse_number(written) == number


@pytest.mark.parametrize("written", ["70B", "1.4T", "8.2M", "25.6M", 70e9, "175e9"])
def test_whole_figures_below_1e15_come_back_as_ints(written):
    assert isinstance(parse_number(written), int)


@pytest.mark.parametrize(
    "written",
    ["seventy", "70b", "70 billion", "-5", "1,000", "", "B", "1.4TT", "0x10", True, False, None, [1], {"a": 1}],
)
def test_parse_number_refuses_what_is_not_a_figure(written):
    assert parse_number(written) is None


@pytest.mark.parametrize("written", [float("nan"), float("inf"), float("-inf"), "1e999"])
def test_parse_number_refuses_numbers_that_are_not_finite(written):
    assert parse_number(written) is None


@pytest.mark.parametrize(
    ("written", "parsed", "shown"),
    [
        ("2022", PartialDate(2022), "2022"),
        ("2022-03", PartialDate(2022, 3), "2022-03"),
        ("2022-03-29", PartialDate(2022, 3, 29), "2022-03-29"),
        (2019, PartialDate(2019), "2019"),
        ("2024-02-29", PartialDate(2024, 2, 29), "2024-02-29"),
    ],
)
def test_partial_dates_parse_and_print_back(written, parsed, shown):
    assert PartialDate.parse(written) == parsed
    assert str(parsed) == shown


@pytest.mark.parametrize(
    ("written", "reason"),
    [
        ("2023-02-30", "no day 30 in 2023-02"),
        ("2023-02-29", "no day 29 in 2023-02"),
        ("2022-13", "no month 13"),
        ("2022-00", "no month 00"),
        ("2022-04-31", "no day 31"),
        ("March 2022", "expected YYYY, YYYY-MM or YYYY-MM-DD"),
        ("2022/03/01", "expected YYYY"),
        ("22-03-01", "expected YYYY"),
        (True, "expected YYYY"),
        (None, "expected YYYY"),
        (2022.5, "expected YYYY"),
    ],
)
def test_impossible_and_unreadable_dates_say_why(written, reason):
    with pytest.raises(ValueError, match=reason):
        PartialDate.parse(written)


def test_a_partial_date_spans_its_whole_period():
    assert PartialDate(2022).start == (2022, 1, 1) and PartialDate(2022).end == (2022, 12, 31)
    assert PartialDate(2022, 3).start == (2022, 3, 1) and PartialDate(2022, 3).end[:2] == (2022, 3)
    assert PartialDate(2022, 3, 29).start == PartialDate(2022, 3, 29).end == (2022, 3, 29)


@pytest.mark.parametrize(
    ("date", "today", "after"),
    [
        (PartialDate(2026), dt.date(2025, 12, 31), True),
        (PartialDate(2025), dt.date(2025, 1, 1), False),  # this year is not the future
        (PartialDate(2025, 7), dt.date(2025, 6, 30), True),
        (PartialDate(2025, 6), dt.date(2025, 6, 1), False),
        (PartialDate(2025, 6, 2), dt.date(2025, 6, 1), True),
        (PartialDate(2025, 6, 1), dt.date(2025, 6, 1), False),
    ],
)
def test_is_after_means_the_whole_period_begins_after_today(date, today, after):
    assert date.is_after(today) is after


def test_partial_dates_order_chronologically():
    dates = [PartialDate(2022, 3, 29), PartialDate(2021), PartialDate(2022, 3), PartialDate(2022)]
    assert [str(d) for d in sorted(dates)] == ["2021", "2022", "2022-03", "2022-03-29"]


def test_fraction_falls_inside_the_period():
    for date in (PartialDate(2020), PartialDate(2020, 12), PartialDate(2020, 12, 31), PartialDate(2020, 1, 1)):
        assert 2020 <= date.fraction < 2021


@pytest.mark.parametrize(
    ("number", "text"),
    [
        (70_000_000_000, "70B"),
        (1.4e12, "1.4T"),
        (25_600_000, "25.6M"),
        (5.76e23, "5.76e23"),
        (1e21, "1e21"),
        (50, "50"),
        (8192, "8,192"),
        (0.5, "0.5"),
    ],
)
def test_short_writes_figures_the_way_people_say_them(number, text):
    assert short(number) == text


@pytest.mark.parametrize("written", ["70B", "1.4T", "60M", "25.6M", "5.76e23", "8192"])
def test_short_and_parse_number_round_trip(written):
    number = parse_number(written)
    assert parse_number(short(number).replace(",", "")) == number
