"""The search index builder (hooks/digest/search.py) and its words (hooks/digest/searchtext.py)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from digest.search import index
from digest.search.index import (
    FIELDS,
    FOLDER,
    INDEX_PATH,
    WEIGHTS,
    Record,
    build,
    decode,
    encode,
    plain_text,
    postings_text,
    read_index,
    read_script,
    shard_key,
)
from digest.search.words import STOPWORDS, fold, stem, term, tokens, variant


@pytest.mark.parametrize(("text", "folded"), [
    ("Cubała", "cubala"), ("Østergaard", "ostergaard"), ("Weiß", "weiss"), ("Müller", "muller"),
    ("GARCÍA", "garcia"), ("Æther", "aether"), ("ΟΔΟΣ", "οδοσ"), ("Ἀθῆναι", "αθηναι"), ("¹H-MRS", "1h-mrs"),
])
def test_fold(text: str, folded: str) -> None:
    assert fold(text) == folded


def test_tokens_split_on_punctuation_and_name_lone_greek_letters() -> None:
    assert tokens("γ-Aminobutyric acid (GABA)") == ["gamma", "aminobutyric", "acid", "gaba"]
    assert tokens("TRANSFORM-2, (2R,6R)-HNK") == ["transform", "2", "2r", "6r", "hnk"]
    assert tokens("glutamate/glutamine") == ["glutamate", "glutamine"]
    assert tokens("snake_case") == ["snake", "case"]


@pytest.mark.parametrize(("british", "american"), [
    ("randomised", "randomized"), ("randomisation", "randomization"), ("analysed", "analyzed"), ("colour", "color"),
    ("behavioural", "behavioral"), ("tumours", "tumors"), ("centre", "center"), ("signalling", "signaling"),
    ("modelled", "modeled"), ("anaesthetic", "anesthetic"), ("haemoglobin", "hemoglobin"), ("oedema", "edema"),
    ("oestrogen", "estrogen"), ("diarrhoea", "diarrhea"), ("paediatric", "pediatric"), ("catalogue", "catalog"),
    ("programme", "program"), ("ageing", "aging"), ("sulphate", "sulfate"), ("defence", "defense"),
])
def test_british_spellings_become_american(british: str, american: str) -> None:
    assert variant(british) == american
    assert term(british) == term(american)


def test_variants_leave_other_words_alone() -> None:
    for word in ("noise", "rise", "hour", "four", "glutamate", "ketamine", "crisis", "michael", "shoe", "does"):
        assert variant(word) == word, word


@pytest.mark.parametrize(("word", "stemmed"), [
    # From Porter's paper and his reference vocabulary.
    ("caresses", "caress"), ("ponies", "poni"), ("ties", "ti"), ("cats", "cat"), ("feed", "feed"),
    ("agreed", "agre"), ("plastered", "plaster"), ("motoring", "motor"), ("sing", "sing"), ("conflated", "conflat"),
    ("troubled", "troubl"), ("sized", "size"), ("hopping", "hop"), ("falling", "fall"), ("filing", "file"),
    ("happy", "happi"), ("sky", "sky"), ("relational", "relat"), ("conditional", "condit"), ("valenci", "valenc"),
    ("digitizer", "digit"), ("generalization", "gener"), ("triplicate", "triplic"), ("hopeful", "hope"),
    ("goodness", "good"), ("revival", "reviv"), ("adjustable", "adjust"), ("adoption", "adopt"),
    ("probate", "probat"), ("rate", "rate"), ("controlling", "control"), ("roll", "roll"),
    ("randomized", "random"), ("depression", "depress"), ("depressive", "depress"), ("ketamine", "ketamin"),
])
def test_porter_stems(word: str, stemmed: str) -> None:
    assert stem(word) == stemmed


def test_stem_leaves_short_words_and_other_letters() -> None:
    assert [stem(w) for w in ("is", "2r", "gamma1", "οδοσ")] == ["is", "2r", "gamma1", "οδοσ"]


def test_numbers_round_trip() -> None:
    numbers = [0, 1, 31, 32, 1023, 1024, 99_999, 5]
    assert decode("".join(encode(n) for n in numbers)) == numbers
    assert decode(postings_text([(3, 7), (4, 1), (40, 2000)])) == [3, 7, 0, 1, 35, 2000]


def test_plain_text_keeps_words_not_markup() -> None:
    markdown = ("# Heading\n\nA **bold** claim [@lener2016] with [a link](https://example.org/x) and "
                "<span class=\"x\">html</span>.\n\n```python\ncode_words()\n```\n<!-- a marker -->\n- item &amp; more")
    text = plain_text(markdown)
    assert text == "Heading\nA bold claim with a link and html.\nitem & more"


def _files(*records: Record) -> dict[str, str]:
    return build(list(records))


def test_index_finds_terms_of_every_field_and_field_terms() -> None:
    record = Record("digests/x/", "Reduced γ-aminobutyric acid", authors="Cubała", names="Wiesław Cubała",
                    venue="Journal", year="2019", doi="10.1016/J.X", topics=("GABA",), slugs=("gaba",),
                    synonyms=("GABAergic",), body="Noradrenaline was randomised.", abstract="Spravato and TRANSFORM-2.",
                    pmid="12345", keywords="esketamine", has_digest=True)
    other = Record("digests/y/", "Something else", body="other words")
    files = _files(record, other)
    manifest = read_script(files[INDEX_PATH])
    terms: dict[str, str] = {}
    words: dict[str, str] = {}
    for number in range(len(manifest["keys"])):
        shard = read_script(files[f"{FOLDER}/t{number}.js"])
        terms.update(shard["t"])
        words.update(shard["w"])
    for expected in ("gamma", "aminobutyr", "noradrenalin", "random", "spravato", "transform", "2", "cubala", "wieslaw",
                     "esketamin", "12345", "2019", "gaba", "a:cubala", "a:wieslaw", "t:gaba", "t:gabaergic", "s:gaba",
                     "d:10.1016/j.x"):
        assert expected in terms, expected
    assert "gabaerg" not in terms  # a topic's synonyms are not words of its entries
    assert words["randomised"] == "random"  # the word as written, for prefixes and typos
    assert "was" not in terms  # a stop word
    assert decode(terms["spravato"])[0] == 0  # document 0
    for key in manifest["keys"]:
        assert key == shard_key(key, len(key) - len(shard_key(key)))
    assert [ord(c) - 0x100 for c in manifest["facets"]] == [(2019 - 999) * 2 + 1, 0]


def test_title_words_score_above_body_words() -> None:
    files = _files(Record("a/", "Ketamine", body="other"), Record("b/", "Other", body="ketamine"))
    manifest = read_script(files[INDEX_PATH])
    key = manifest["keys"].index("ke")
    postings = decode(read_script(files[f"{FOLDER}/t{key}.js"])["t"]["ketamin"])
    assert postings[0] == 0 and postings[2] == 0  # documents 0 and 1
    assert postings[1] > postings[3]


def test_big_shards_are_split_by_one_more_letter() -> None:
    records = [Record(f"d{i}/", f"title {i}", body=" ".join(f"ke{i}x{j}" for j in range(40))) for i in range(400)]
    manifest = read_script(_files(*records)[INDEX_PATH])
    assert "ke" not in manifest["keys"] and any(k.startswith("ke") and len(k) > 2 for k in manifest["keys"])


def test_read_index_gives_rows_in_fields_order() -> None:
    files = _files(Record("t/", "GABA", kind="topic", slugs=("gaba",)),
                   Record("e/", "A paper", authors="Lener", topics=("GABA",), slugs=("gaba",), year="2016"))
    index = read_index(files.__getitem__)
    assert index["docs"][1][:5] == ["e/", "A paper", "Lener", "", "2016"]
    assert index["docs"][1][index["fields"].index("topics")] == "GABA"


def test_search_index_is_a_script_that_no_title_can_break_out_of() -> None:
    nasty = "</script><script>alert('1')</script> \\ \" \n \u2028 end"
    files = build([Record("digests/x/", nasty, authors="Ö", body=nasty, abstract=nasty, teaser=nasty)])
    assert INDEX_PATH in files
    for text in files.values():
        assert "</script>" not in text and "<" not in text and "\n" not in text.rstrip("\n")
    index = read_index(files.__getitem__)
    assert index["fields"] == list(FIELDS)
    assert index["docs"][0][:3] == ["digests/x/", nasty, "Ö"]




def test_study_facts_are_searched_as_fields_and_words() -> None:
    from tests.factories import make_entry

    from digest.library.study import Study, read_designs
    from digest.search.index import FOLDER, INDEX_PATH, read_script, records

    designs = read_designs()[0]
    trial, mouse = make_entry("t2020", title="A trial"), make_entry("m2020", title="A mouse study")
    hostile = "<script>alert(1)</script>"
    studies = {"t2020": Study(designs.find("rct"), species="human", participants=120, population=hostile),
               "m2020": Study(designs.find("animal"), species="mouse")}
    files = build(records([trial, mouse], {}, lambda e: f"digests/{e.key}/", lambda t: "", studies=studies))
    manifest = read_script(files[INDEX_PATH])
    assert manifest["participants"] == {"0": 120}
    terms = {t for path, text in files.items() if path.startswith(f"{FOLDER}/t") for t in read_script(text)["t"]}
    assert {"g:rct", "g:randomized-controlled-trial", "g:animal", "p:human", "p:mouse"} <= terms
    assert term("population") not in terms and term("alert") in terms  # the facts' words, not their names
    assert all("<script>" not in text for text in files.values())


def test_no_space_before_punctuation_where_a_citation_or_tag_was_removed() -> None:
    from digest.search.index import plain_text

    assert plain_text("ketamine or saline [@berman2000]. That") == "ketamine or saline. That"
    assert plain_text("saline (see [@a; @b]), and <em>x</em> .") == "saline (see), and x."
    assert plain_text("a .5 mg dose") == "a .5 mg dose"


def test_an_entry_record_is_made_again_only_when_what_it_is_made_from_changed() -> None:
    """``mkdocs serve`` keeps a memo of records: an unchanged entry gives the same record object, an
    edited one (its digest, its address, its status) a new record equal to one made without the memo."""
    from tests.factories import make_digest, make_entry

    from digest.search.index import records

    def library(body: str, status: str) -> tuple[list[Record], list[Record]]:
        entries = [make_entry("a2020", title="Glutamate", digest=make_digest("a2020", body)),
                   make_entry("b2020", title="GABA")]
        args = ({}, lambda e: f"digests/{e.key}/", lambda t: "", {"b2020": status})
        return records(entries, *args, memo=memo), records(entries, *args)  # type: ignore[arg-type]

    memo: dict[str, tuple[object, Record]] = {}
    first, plain = library("Ketamine lifts mood.", "")
    assert first == plain
    again, plain = library("Ketamine lifts mood within hours.", "Retracted")
    assert again == plain, "the same records as made without the memo"
    assert again[0] is not first[0] and "within hours" in again[0].body
    assert again[1] is not first[1] and again[1].status == "Retracted"
    third, _ = library("Ketamine lifts mood within hours.", "Retracted")
    assert third[0] is again[0] and third[1] is again[1], "unchanged: the record kept"


_TEXT = st.text(alphabet=st.sampled_from(list("ab cΣσς é\u0301ł-_γ1\n")), max_size=20)


@settings(max_examples=300)
@given(title=_TEXT, names=_TEXT, keywords=_TEXT, teaser=_TEXT, venue=_TEXT, body=_TEXT, abstract=_TEXT, study=_TEXT,
       topics=st.lists(_TEXT, max_size=3), kind=st.sampled_from(["entry", "topic"]))
def test_fields_of_one_weight_read_together_count_as_each_read_alone(title: str, names: str, keywords: str, teaser: str,
                                                                      venue: str, body: str, abstract: str, study: str,
                                                                      topics: list[str], kind: str) -> None:
    record = Record("d/", title, names=names, keywords=keywords, teaser=teaser, venue=venue, body=body, abstract=abstract,
                    study=study, topics=tuple(topics), synonyms=tuple(topics), kind=kind)
    counts: dict[str, float] = {}
    length = 0.0
    for field, text in index._fields(record):
        for word in tokens(text):
            if word not in STOPWORDS:
                counts[term(word)] = counts.get(term(word), 0.0) + WEIGHTS[field]
                length += WEIGHTS[field]
    found, found_length, _ = index._weighted_terms(record)
    assert dict(found) == counts and found_length == length
