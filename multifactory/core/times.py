"""Moments as the people of a multifactory read them: in its time zone.

Every capability stores aware datetimes (UTC in the database) and shows them in the
multifactory's zone, labelled with the zone's name where a page or message gives
times (`multifactory.time_zone`, e.g. Europe/Rome).
"""

from datetime import date, datetime
from zoneinfo import ZoneInfo

from django.utils import formats

from multifactory.core.inputs import EARLIEST_DAY, LATEST_DAY


def local_text(moment: datetime, zone: ZoneInfo) -> str:
    """A moment as a person of the multifactory reads it, in their language."""
    return formats.date_format(moment.astimezone(zone), "D j M Y, H:i")


# The years a multifactory plans in: the same range as every date typed anywhere
# (core.inputs). Dates and times outside are refused: they are mistakes, and near
# year 1 or 9999 converting between zones overflows.
EARLIEST_YEAR = EARLIEST_DAY.year
LATEST_YEAR = LATEST_DAY.year


def in_plannable_range(moment: date | datetime) -> bool:
    return EARLIEST_YEAR <= moment.year <= LATEST_YEAR
