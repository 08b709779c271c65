"""The legacy-OCR channel (nlp/restore/channel.py) on real tokens of the legacy seeds, with the
intended reading from the hand-restored gold (../shared/gold/001_head120.restored.txt)."""

import unicodedata

import pytest

from chidao.nlp.restore.channel import legacy_candidates, looks_legacy, normalize_tones, split_token

# (legacy token as in the seeds, intended tokens): each must stay among the top candidates.
SEED_TOKENS = [
    ("Pang", ("Đảng",)),
    ("ciia,", ("của,",)),
    ("d6i", ("đổi",)),
    ("&", ("ở",)),
    ("1a", ("là",)),
    ("thi¢n", ("thiện",)),
    ("S6135-", ("Số", "135-")),
    ("TB/BCD", ("TB/BCĐ",)),
    ("Quy", ("Quý",)),
    ("Tinh", ("Tỉnh",)),
    ("méi”", ("mới”",)),
    ("cwong", ("cường",)),
    ("s6", ("số",)),
    ("quyét", ("quyết",)),
    ("2024", ("2024",)),
    ("UBND", ("UBND",)),
    ("25-NQ/TW", ("25-NQ/TW",)),
    ("1157-QB/TU", ("1157-QĐ/TU",)),
]


# Harder garblings from the same seeds: the intended reading must be offered at all.
SEED_TOKENS_HARD = [
    ("Gy", ("ủy",)),
    ("Uy", ("ủy",)),
    ("Bang,", ("Đảng,",)),
    ("chirc", ("chức",)),
    ("nu’dc", ("nước",)),
    ("X1", ("XI",)),
    ("1V/2024", ("IV/2024",)),
    ("ngudi", ("người",)),
]


@pytest.mark.parametrize("token,intended", SEED_TOKENS)
def test_intended_reading_is_among_top_candidates(token, intended):
    top = [words for words, _ in legacy_candidates(token)[:5]]
    assert intended in top, f"{token!r}: {intended} not in {top}"


@pytest.mark.parametrize("token,intended", SEED_TOKENS_HARD)
def test_hard_garbling_is_offered(token, intended):
    offered = [words for words, _ in legacy_candidates(token)]
    assert intended in offered, f"{token!r}: {intended} not in {offered}"


def test_best_reading_of_common_garblings():
    # the channel with its unigram ranking alone already reads these right
    for token, intended in [("ciia", "của"), ("quyét", "quyết"), ("1a", "là"), ("s6", "số")]:
        assert legacy_candidates(token)[0][0] == (intended,)


def test_correct_tokens_stay_possible():
    assert legacy_candidates("Đảng")[0][0] == ("Đảng",)
    assert ("ngày",) in [w for w, _ in legacy_candidates("ngày")]
    assert ("https://example.org/a",) == legacy_candidates("https://example.org/a")[0][0]


def test_thousands_separator():
    assert ("50.000.000",) in [w for w, _ in legacy_candidates("50,000,000")]


@pytest.mark.parametrize("token", ["Pang", "ciia,", "S6135-", "2024", "voinhdn", "¢", "NGHI"])
def test_candidates_are_short_sorted_nfc_probabilities(token):
    cands = legacy_candidates(token)
    # at most 15 readings; a capitalised token's come with both casings ("Con", "con")
    assert 1 <= len({tuple(w.lower() for w in words) for words, _ in cands}) <= 15
    assert len(cands) <= (30 if token[:1].isupper() and token[1:].islower() else 15)
    for words, logp in cands:
        assert logp <= 0.0
        assert all(w == unicodedata.normalize("NFC", w) and w for w in words)
    assert len({words for words, _ in cands}) == len(cands)


def test_a_capitalised_token_keeps_fifteen_readings_not_fifteen_spellings():
    # "Dịch tả Ion châu Phi": the English model's I for l; "lợn" ranks after eight pairs
    # of casings ("Đơn"/"đơn", "Con"/"con" …), which used to crowd it out
    assert ("lợn",) in [w for w, _ in legacy_candidates("Ion")]
    assert ("I",) not in [w for w, _ in legacy_candidates("IV")]  # capitals keep the old budget


def test_upper_case_token_gives_upper_case_reading():
    assert ("ĐẢNG",) in [w for w, _ in legacy_candidates("PANG")[:5]]


def test_joined_words_are_split():
    assert ("ngày", "24") in [w for w, _ in legacy_candidates("ngay24")]


def test_normalize_tones_new_style_and_misplaced_marks():
    assert normalize_tones("hoà thuỷ Uỷ ban quỷ lụât họăc khoẻ") == "hòa thủy Ủy ban quỷ luật hoặc khỏe"


def test_split_token_keeps_punctuation():
    assert split_token("“Tang") == ("“", "Tang", "")
    assert split_token("tinh!.") == ("", "tinh", "!.")


def test_looks_legacy():
    assert looks_legacy("ciia Ban Chép hanh Trung wong Pang khéa X1 va 05 niim thue hién")
    assert looks_legacy("d6i v&i cong tic dan van trong tinh hink mé&i”")
    assert not looks_legacy("của Ban Chấp hành Trung ương Đảng khóa XI và 05 năm thực hiện")
    assert not looks_legacy("25-NQ/TW 2024")
    # unaccented but otherwise correct Vietnamese is plain text, not English-model garble
    assert not looks_legacy("cua Ban Chap hanh Trung uong Dang khoa XI va 05 nam thuc hien")


def test_known_code_beats_a_syllable_many_edits_away():
    cands = dict(legacy_candidates("BCD"))
    assert cands[("BCĐ",)] > cands[("BỘ",)] + 4.0


def test_letter_glued_to_a_number_reads_as_a_word_first():
    cands = dict(legacy_candidates("S6135-"))
    assert cands[("Số", "135-")] > cands[("S6135-",)]
