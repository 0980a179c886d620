"""User files named by environment variables, read with one rule for all of them.

``BRINKWATCH_ACTORS`` (the user's actor dictionary) and ``BRINKWATCH_ALIASES`` (the user's
alias table) name CSV files of the user's own; ``BRINKWATCH_GAZETTEER`` names the gazetteer
``brinkwatch gazetteer import`` wrote; ``BRINKWATCH_EVENT_TYPES_TRAIN`` the labelled JSONL the
event-type classifier trains on (``coding.event_types.read_labelled``). A file that cannot be
used stops the command with one line naming the file, the variable and the reason::

    /home/me/actors.csv (BRINKWATCH_ACTORS): cannot read: No such file or directory
    /home/me/actors.csv (BRINKWATCH_ACTORS): not UTF-8 text
    /home/me/actors.csv (BRINKWATCH_ACTORS): no pattern or kind column in its header

The reasons, in the order they are checked:

1. the file cannot be opened or read (missing, a directory, no permission): the OS's reason;
2. its bytes are not UTF-8 text (a UTF-8 byte-order mark is allowed and dropped);
3. it is not CSV the reader can parse;
4. its header (the first line that is not blank or, where allowed, a ``#`` comment) lacks a
   required column.

Rows that lack a required value are the loader's business: they are skipped and counted in
one logged warning, never an error.

:func:`check_setting_files` runs these checks for the files the analysis reads (the actor
dictionary, the gazetteer); ``brinkwatch run`` calls it before it opens the store, so a bad
file stops the run before anything is stored or analysed. The alias table is read by the
derive stage, which stops on it after the new documents and their analyses are stored.
"""

from __future__ import annotations

import csv
import logging
import os
import sqlite3

from brinkwatch.ingest.errors import one_line

__all__ = ["AliasFileError", "SettingFileError", "check_setting_files", "read_setting_csv", "read_setting_text"]

log = logging.getLogger(__name__)
_GZIP_MAGIC = b"\x1f\x8b"


class SettingFileError(RuntimeError):
    """A user file named by an environment variable cannot be used.

    The message is one line: ``<path> (<VARIABLE>): <reason>``.
    """

    def __init__(self, path: str, variable: str, reason: str) -> None:
        self.path = path
        self.variable = variable
        self.reason = reason
        super().__init__(f"{one_line(path)} ({variable}): {one_line(reason)}")


class AliasFileError(SettingFileError):
    """The user's alias file (``BRINKWATCH_ALIASES``) cannot be read or lacks its columns."""


def read_setting_text(path: str, variable: str, *, error: type[SettingFileError] = SettingFileError) -> str:
    """The UTF-8 text of the user's file at ``path`` (named by ``variable``).

    :raises SettingFileError: (as ``error``) the file cannot be read or is not UTF-8 text.
    """
    try:
        with open(path, encoding="utf-8", newline="") as handle:
            text = handle.read()
    except UnicodeDecodeError:
        raise error(path, variable, "not UTF-8 text") from None
    except OSError as exc:
        raise error(path, variable, f"cannot read: {exc.strerror or exc}") from None
    return text


def read_setting_csv(
    path: str, variable: str, required: tuple[str, ...], *,
    error: type[SettingFileError] = SettingFileError, comments: bool = False,
) -> list[str]:
    """The lines of the user's CSV file at ``path`` (named by ``variable``), header first.

    :param required: columns the header must have.
    :param error: the :class:`SettingFileError` subclass to raise.
    :param comments: drop blank lines and lines starting with ``#`` (else all lines are kept).
    :raises SettingFileError: (as ``error``) the file cannot be read, is not UTF-8 text, is
        not CSV, or its header lacks a required column.
    """
    lines = read_setting_text(path, variable, error=error).removeprefix("\ufeff").splitlines()
    if comments:
        lines = [ln for ln in lines if ln.strip() and not ln.startswith("#")]
    try:
        header = next(csv.reader(lines), [])
        for _ in csv.reader(lines):  # a malformed line anywhere is the file's fault, not a row's
            pass
    except csv.Error as exc:
        raise error(path, variable, f"not a CSV file: {exc}") from None
    missing = [c for c in required if c not in header]
    if missing:
        raise error(path, variable, f"no {' or '.join(missing)} column in its header")
    return lines


def check_setting_files() -> None:
    """Check the user files the analysis reads, in this process, before any work starts.

    1. ``BRINKWATCH_ACTORS``: read and cached for the analysis
       (:func:`brinkwatch.coding.actors.check_user_dictionary`);
    2. the imported gazetteer (``BRINKWATCH_GAZETTEER``, else the default import path), when
       present: a readable gzip file whose index opens (built once, as the workers would).

    :raises SettingFileError: the first file that cannot be used.
    """
    from brinkwatch.coding.actors import check_user_dictionary

    check_user_dictionary()
    check_gazetteer_file()


def check_gazetteer_file() -> None:
    """Open the user's imported gazetteer, if there is one (the shipped one needs no check).

    :raises SettingFileError: it is a folder, unreadable, not gzip, or cannot be loaded.
    """
    from brinkwatch.analyze._gazetteer import load_gazetteer, user_gazetteer_path

    path = user_gazetteer_path()
    variable = "BRINKWATCH_GAZETTEER" if os.environ.get("BRINKWATCH_GAZETTEER") else "imported gazetteer"
    if not os.path.lexists(path):  # nothing imported: the shipped gazetteer is used
        if variable == "BRINKWATCH_GAZETTEER":  # also where an import goes, so not an error
            log.warning("%s (%s): no such file; using the shipped gazetteer", one_line(str(path)), variable)
        return
    try:
        with open(path, "rb") as handle:
            magic = handle.read(2)
    except OSError as exc:
        raise SettingFileError(str(path), variable, f"cannot read: {exc.strerror or exc}") from None
    if magic != _GZIP_MAGIC:
        raise SettingFileError(str(path), variable, "not a gzip file (write one with `brinkwatch gazetteer import`)")
    try:
        load_gazetteer(path)
    except UnicodeDecodeError:
        raise SettingFileError(str(path), variable, "not UTF-8 text inside the gzip") from None
    except (OSError, EOFError, ValueError, sqlite3.Error) as exc:
        raise SettingFileError(str(path), variable, f"cannot load: {exc}") from None
