"""extra.digest in mkdocs.yml, read into typed settings."""

from __future__ import annotations

from digest.settings import Settings, read_settings


def test_defaults_and_overrides() -> None:
    assert read_settings(None) == (Settings(), [])
    settings, problems = read_settings({"digest": {"newest": 3, "style": "apa"}})
    assert (settings.newest, problems) == (3, [])


def test_unknown_and_mistyped_settings_are_problems() -> None:
    settings, problems = read_settings({"digest": {"colour": 1, "newest": "ten"}})
    assert settings.newest == Settings().newest
    assert [str(p) for p in problems] == [
        "mkdocs.yml: unknown setting extra.digest.colour; "
        "use one of bib_dir, digests_dir, newest, related, render_ahead, required_front_matter, status_file, style, "
        "topics_file, trusted_pages, verify_mailto",
        "mkdocs.yml: extra.digest.newest is 'ten'; give a int",
    ]
