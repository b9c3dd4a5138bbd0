"""What one build keeps for the next, outside the project: templates' bytecode, large YAML files read.

Kept in the folder Jinja itself keeps bytecode in for this user: the system's temporary folder,
``_jinja2-cache-<uid>``, which Jinja makes readable and writable by this user alone and refuses to use
otherwise (a link, another owner, other permissions): never in the project, where a pull request could
plant a file. Each file is named by a hash of what it was made from (the source, and what else the
result depends on), written whole or not at all; a folder that cannot be had or written is no cache,
and a file that cannot be read is made again.
"""

from __future__ import annotations

import hashlib
import os
import tempfile

import jinja2

FOLDER: str | None = None
"""Where things are kept; None: Jinja's own folder for this user (:func:`folder`; the tests set one)."""


def folder() -> str | None:
    """The folder things are kept in, or None where no safe one can be had."""
    if FOLDER is not None:
        return FOLDER
    try:
        return jinja2.FileSystemBytecodeCache().directory  # made and checked by Jinja
    except (OSError, RuntimeError):  # RuntimeError: Jinja refuses a folder others could write to
        return None


def name(kind: str, *parts: str) -> str:
    """The file name of a ``kind`` of thing made from ``parts``."""
    digest = hashlib.sha256("\0".join(parts).encode("utf-8", "surrogatepass")).hexdigest()
    return f"digest-{kind}-{digest}.cache"


def read(file_name: str) -> bytes | None:
    """What was kept under ``file_name``, if anything."""
    where = folder()
    if where is None:
        return None
    try:
        with open(os.path.join(where, file_name), "rb") as kept:
            return kept.read()
    except OSError:
        return None


def write(file_name: str, data: bytes) -> None:
    """``data`` kept under ``file_name`` (written to a temporary file, then renamed: whole or not at all)."""
    where = folder()
    if where is None:
        return
    try:
        out = tempfile.NamedTemporaryFile("wb", dir=where, prefix=file_name, suffix=".tmp", delete=False)
    except OSError:  # a folder gone or not writable: made again next time
        return
    try:
        with out:
            out.write(data)
        os.replace(out.name, os.path.join(where, file_name))
    except OSError:  # a full disk: made again next time
        try:
            os.remove(out.name)
        except OSError:
            pass
