"""Publication dates: parsing metadata values and finding dateline cues in text.

The cascade (see :func:`brinkwatch.ingest.readers.read_path`): 1. metadata (HTML meta tags,
feed ``pubDate``, JSONL ``published``); 2. a cue line in the text ("Updated: September 30,
2023, 4:16 AM", "Published 2 Oct 2023"); 3. unknown. Dates are never guessed here; the
story-level inference lives in ``resolve`` and is flagged ``inferred``.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import re

MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"),
            ("may",), ("june", "jun"), ("july", "jul"), ("august", "aug"),
            ("september", "sep", "sept"), ("october", "oct"), ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}
_MONTH = r"(?P<month>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
_MDY = re.compile(_MONTH + r"\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<year>\d{4})", re.I)
_DMY = re.compile(r"(?P<day>\d{1,2})(?:st|nd|rd|th)?\s+" + _MONTH + r",?\s+(?P<year>\d{4})", re.I)
_ISO = re.compile(r"(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2})")
_CUE = re.compile(
    r"^\s*(?:last\s+)?(?:updated|published|posted|first published|date|modified|updated on|published on)"
    r"\s*(?:on|at)?\s*[:\-–—]?\s*(?P<rest>.{6,80})$",
    re.I | re.M,
)
EARLIEST_YEAR = 1900


def _make(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def parse_date_phrase(text: str) -> dt.date | None:
    """A calendar date written out in ``text`` ("September 30, 2023", "30 Sept 2023", ISO)."""
    for pattern in (_ISO, _MDY, _DMY):
        m = pattern.search(text)
        if not m:
            continue
        month = m.group("month")
        month_number = int(month) if month.isdigit() else MONTHS[month.lower().rstrip(".")]
        found = _make(int(m.group("year")), month_number, int(m.group("day")))
        if found:
            return found
    return None


def parse_metadata_date(value: object) -> dt.date | None:
    """A date from a metadata field: ISO 8601, RFC 2822 (feeds) or a written-out date."""
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value).strip()
    if not text:
        return None
    try:
        return dt.datetime.fromisoformat(text.replace("Z", "+00:00")).date()
    except (ValueError, OverflowError):
        pass
    try:
        parsed = email.utils.parsedate_to_datetime(text)
        if parsed is not None:
            return parsed.date()
    except (TypeError, ValueError, IndexError, OverflowError):
        pass
    return parse_date_phrase(text)


def implausible_reason(date: dt.date, *, today: dt.date | None = None) -> str | None:
    """Why ``date`` cannot be a publication date ("in the future", "before 1900"), or None."""
    today = today or dt.date.today()
    if date.year < EARLIEST_YEAR:
        return f"before {EARLIEST_YEAR}"
    if date > today + dt.timedelta(days=1):  # a day of clock skew across time zones
        return "in the future"
    return None


def plausible(date: dt.date | None, *, today: dt.date | None = None) -> bool:
    """Dates before 1900 or in the future (beyond a day of clock skew) are not publication dates."""
    return date is not None and implausible_reason(date, today=today) is None


def scan_date_cues(text: str, *, today: dt.date | None = None) -> tuple[tuple[dt.date, str] | None, list[str]]:
    """The first plausible "Updated:/Published:" date near the start or end of ``text``
    with its cue line, and a note for each cue date that was ignored (and why)."""
    lines = text.splitlines()
    window = "\n".join(lines[:15] + lines[-15:]) if len(lines) > 30 else text
    ignored: list[str] = []
    for m in _CUE.finditer(window):
        found = parse_date_phrase(m.group("rest"))
        if found is None:
            continue
        why = implausible_reason(found, today=today)
        if why is None:
            return (found, m.group(0).strip()), ignored
        ignored.append(f"text date {found.isoformat()} ignored: {why}")
    return None, ignored


def find_date_cue(text: str) -> tuple[dt.date, str] | None:
    """The date of an "Updated:/Published:" line near the start or end of ``text``.

    Returns the date and the cue line it came from (the evidence a user can check).
    """
    return scan_date_cues(text)[0]
