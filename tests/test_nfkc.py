"""The table-lookup NFKC gives exactly unicodedata's NFKC, and normalize_texts exactly
normalize_text, whatever the characters."""

import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from lawthemes.features import normalize_text, normalize_texts
from lawthemes.nfkc import _lookup_tables, composition_seconds, nfkc_many


def reference(texts):
    return [unicodedata.normalize("NFKC", text) for text in texts]


def test_every_bmp_character_between_neighbours_it_could_combine_with():
    chars = [chr(code) for code in range(0x10000)]
    batch = ["a" + c + "一" + c + "，" + c for c in chars]
    # starters that compose with what follows, and combining marks that reorder or compose
    for left, right in zip("かe가ᄀ\u302b（", "\u3099\u0301ᄀ\u1161\u302a\u302e"):
        batch += [left + c + right for c in chars]
    assert nfkc_many(batch) == reference(batch)


def test_no_looked_up_character_is_the_second_of_a_composition():
    # NFKC composes a starter with a following character only if that pair is some character's
    # canonical decomposition; were such a second character looked up, the text around it would
    # need unicodedata.  Checked against the Unicode database of the running Python.
    flags = _lookup_tables()["flags"]
    looked_up = [hex(ord(char)) for char in composition_seconds() if ord(char) < 0x10000 and flags[ord(char)] != 1]
    assert not looked_up


def test_tables_built_under_an_unchecked_unicode_version_exclude_composition_seconds(monkeypatch):
    import lawthemes.nfkc as nfkc

    monkeypatch.setattr(nfkc, "_CHECKED_UNICODE_VERSIONS", ())
    monkeypatch.setattr(nfkc, "composition_seconds", lambda: frozenset("，"))  # pretend '，' composes
    flags = nfkc._build_tables()["flags"]
    assert flags[ord("，")] == 1 and flags[ord("；")] == 0


def test_report_text_is_looked_up_not_redone():
    flags = _lookup_tables()["flags"]
    assert all(flags[ord(c)] == 0 for c in "推进依法行政，（一）１２３。、《》“”")
    assert flags[ord("…")] == 2 and flags[ord("\u0301")] == 1


texts = st.lists(st.text(alphabet=st.characters(blacklist_categories=()), max_size=30)
                 | st.text(alphabet="一二（），。 \u3000\xa0\t…①ｅ\u0301\u3099か가\u1161&<>amp;ltbr/\ue000", max_size=30),
                 max_size=12)


@settings(max_examples=300, deadline=None)
@given(texts)
def test_nfkc_many_is_nfkc(batch):
    assert nfkc_many(batch) == reference(batch)


@settings(max_examples=300, deadline=None)
@given(texts)
def test_normalize_texts_is_normalize_text_on_each(batch):
    assert normalize_texts(batch) == [normalize_text(text) for text in batch]


def test_a_batch_converted_in_groups_gives_the_same(monkeypatch):
    import lawthemes.nfkc

    batch = ["（一）１２", "", "e\u0301", "……", "推进依法行政" * 3, "ｘ"] * 5
    monkeypatch.setattr(lawthemes.nfkc, "GROUP_CHARS", 7)
    assert nfkc_many(batch) == reference(batch)
