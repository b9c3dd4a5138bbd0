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
        "use one of bib_dir, digests_dir, enrichment_file, newest, notice, related, "
        "required_front_matter, status_file, style, "
        "topics_file, trusted_files, trusted_pages, verify_mailto, workers",
        "mkdocs.yml: extra.digest.newest is 'ten'; give a int",
    ]


def test_workers_are_a_count_of_processes() -> None:
    assert Settings().workers == 0, "one per core by default"
    assert read_settings({"digest": {"workers": 1}}) == (Settings(workers=1), [])
    settings, problems = read_settings({"digest": {"workers": -2}})
    assert settings.workers == 0
    assert [str(p) for p in problems] == [
        "mkdocs.yml: extra.digest.workers is -2; give 0 (one per core) or a number of processes"]


def test_the_notice_on_entry_pages() -> None:
    assert Settings().notice.show is False
    settings, problems = read_settings({"digest": {"notice": {"show": True, "text": " Not <b>medical</b> advice "}}})
    assert (settings.notice.show, settings.notice.text, problems) == (True, "Not <b>medical</b> advice", [])
    settings, problems = read_settings({"digest": {"notice": {"text": "Summary only"}}})
    assert (settings.notice.show, settings.notice.text) == (True, "Summary only"), "giving a text shows it"
    settings, problems = read_settings({"digest": {"notice": {"show": "yes", "colour": 1}}})
    assert [str(p) for p in problems] == [
        "mkdocs.yml: unknown setting extra.digest.notice.colour; use show or text",
        "mkdocs.yml: extra.digest.notice.show is 'yes'; give true or false",
    ]
    settings, problems = read_settings({"digest": {"notice": "Not medical advice"}})
    assert settings.notice == Settings().notice and len(problems) == 1
