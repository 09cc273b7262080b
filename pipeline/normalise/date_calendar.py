"""Calendar arithmetic for the dates: months counted from year 0, month starts, two-digit years.

>>> month_start(date(2024, 12, 10), 1)
datetime.date(2025, 1, 1)
>>> century(78, date(2016, 11, 7)), century(27, date(2016, 11, 7))
(1978, 2027)
"""

from datetime import date


def month_index(year: int, month: int) -> int:
    """Months since January of year 0: differences of months are subtractions."""
    return year * 12 + month - 1


def month_start(reference: date, months: int) -> date:
    """The first day of the month ``months`` after the reference's month (before when negative)."""
    index = month_index(reference.year, reference.month) + months
    return date(index // 12, index % 12 + 1, 1)


def days_in_month(start: date) -> int:
    return (month_start(start, 1) - start.replace(day=1)).days


def day_of_month(day: int, start: date) -> date | None:
    """That day of the month ``start`` is in; None when the month is shorter (« le 31 » of June)."""
    try:
        return start.replace(day=day)
    except ValueError:
        return None


def century(short_year: int, reference: date | None) -> int:
    """« 78 » -> 1978, « 27 » -> 2027: the latest year no more than twenty years after the reference."""
    limit = (reference.year if reference else 2030) + 20
    return 2000 + short_year if 2000 + short_year <= limit else 1900 + short_year
