"""The whole library's download files written a record at a time (references/formats: chunks) are the
files :func:`write` makes, and keep none of the records they make."""

from __future__ import annotations

import pytest
from tests.unit.references.test_styles import _entries

from digest.references import formats


@pytest.mark.parametrize("ext", sorted(formats.MODULES))
@pytest.mark.parametrize("count", [0, 1, 2, None])
def test_a_file_written_record_by_record_is_the_file_written_whole(ext: str, count: int | None) -> None:
    entries = list(_entries().values())[:count]
    formats._RECORDS.clear()
    pieces = "".join(formats.chunks(ext, entries))
    assert formats._RECORDS == {}, "no record kept"
    assert pieces == formats.write(ext, entries) == formats.WRITERS[ext](entries)
    assert len(formats._RECORDS) == len({e.key for e in entries}), "write keeps them, for the next build"
    assert "".join(formats.chunks(ext, entries)) == pieces, "the same from the records kept"
