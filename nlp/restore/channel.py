"""Legacy-OCR channel model: which Vietnamese tokens a garbled English-model OCR token could be.

- `Channel(data_dir)`: the model loaded from one folder, with its own per-token memo;
  `.candidates(token)`: readings of one whitespace token ("Pang" -> Đảng, "S6135-" ->
  Số 135-), best first, with log10 P(observed | intended); `.looks_legacy(line)`: does the
  line show English-model garbling?
- `legacy_candidates(token)`, `looks_legacy(line)`: the same on the shipped model.
- `normalize_tones(text)`: NFC, new-style tone placement (hòa, ủy).
Measured with `scripts/build_channel.py evaluate`: the intended token is among the candidates
for 98.0 % of the tokens of seed 001's first 120 lines (top 5: 96.0 %)."""

from __future__ import annotations

import functools
import gzip
import json
import math
import re
import unicodedata
from pathlib import Path

from chidao.corpus import corpus_path
from chidao.nlp.restore.channel_search import (
    _LETTERS,
    _MAX_CANDIDATES,
    _SPLIT_COST,
    _link_children,
    _search,
    _search_all,
)

_TONE_MARKS = "\u0300\u0301\u0303\u0309\u0323"
_SHAPED = "ăâêôơư"
_BARE_VOWELS = "aăâeêioôơuưy"
_BARE_SYLLABLE = re.compile(
    r"^(ngh|ng|gh|gi|kh|nh|ph|qu|th|tr|ch|[bcdđghklmnpqrstvx])?"
    rf"([{_BARE_VOWELS}]{{1,3}})(ng|nh|ch|[cmnpt])?$"
)
_WORD = re.compile(r"\w+")


def _tone_index(onset: str, nucleus: str, coda: str) -> int:
    """Where the tone mark goes inside the nucleus, new style (hòa, ủy, của, hoàng, người)."""
    shaped = [i for i, c in enumerate(nucleus) if c in _SHAPED]
    if shaped:
        return shaped[-1]
    if len(nucleus) == 1 or coda:
        return len(nucleus) - 1
    if nucleus in ("oa", "oe", "uy"):
        return 0
    return 1 if len(nucleus) == 3 else 0


def _retone(word: str) -> str:
    decomposed = unicodedata.normalize("NFD", word)
    tones = [c for c in decomposed if c in _TONE_MARKS]
    if len(tones) != 1:
        return word
    bare = unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in _TONE_MARKS))
    m = _BARE_SYLLABLE.match(bare.lower())
    if not m:
        return word
    onset, nucleus, coda = m.group(1) or "", m.group(2), m.group(3) or ""
    at = len(onset) + _tone_index(onset, nucleus, coda)
    marked = unicodedata.normalize("NFC", unicodedata.normalize("NFD", bare[at]) + tones[0])
    return bare[:at] + marked + bare[at + 1:]


def normalize_tones(text: str) -> str:
    """NFC with the tone mark where new-style spelling puts it: "hoà" -> "hòa", "Uỷ" -> "Ủy",
    and misplaced marks in the corpora ("lụât") -> "luật"."""
    return _WORD.sub(lambda m: _retone(m.group(0)), unicodedata.normalize("NFC", text))


# ---------------------------------------------------------------------------------------------
# The channel: P(observed legacy-OCR token | intended Vietnamese token).
#
# Candidates come from a best-first search that walks the observed characters and a trie of
# valid syllables together: each intended character emits 0-3 observed characters with a
# learned log10 probability (corpus/restore/channel_model.json.gz, built by
# scripts/build_channel.py from synthetic English-model OCR of rendered Vietnamese text), so
# only real syllables come out and unseen garblings still find their syllable. A whole-token
# table of garblings seen in training sharpens the estimate for frequent words.

_DATA = corpus_path("restore")
_LEAD = "\"“‘'([{«<*"
_TRAIL = ".,;:!?\"”’')]}»>…*"
_MIN_LOGP = -3.0     # rarer confusions only slow the search down
_MAX_TOKEN = 16       # longer cores are not searched
_LOWER_COST = 1.5    # a capital in the OCR for a small letter in the document
_IDENTITY_COST = 2.0  # keeping an unknown ASCII word as is (names, "Covid", "km")
_WORD_ALPHA = 3.0     # pseudo-count of the character model when blending with the word table
_NEUTRAL_PRIOR = -4.0
_PRIOR_WEIGHT = 1.0   # unigram weight used only for pruning/ranking, not in the returned score
_VN_ONLY = set("ăâđêôơưĂÂĐÊÔƠƯ") | {c for c in "".join(chr(i) for i in range(0x1EA0, 0x1EFA))}
_GARBLE = re.compile(r"[A-Za-z][0-9&¢¥§@€®]|[0-9&¢¥§@€®][a-z]|^[&¢¥§]$|é")
_CODE_LIKE = re.compile(r"[A-Za-zĐ0-9][-/][A-Za-zĐ0-9]")
_CODE_FIX = {"D": "Đ", "B": "Đ", "P": "Đ", "O": "Q"}  # English-model misreadings inside codes
_KNOWN = 5  # a code part seen this often in the corpus is a known one
_ROMAN = re.compile(r"^(?=[IVXL1]*[IVXL])[IVXL1]{2,5}$")  # "X1" = XI, "1V" = IV
# Confusions named in the project brief (seen in the archive's scans) that the synthetic pages
# produce too rarely: a floor under the learned log10 probabilities.
_BRIEF_CONFUSIONS = {"Đ": {"P": -0.7}, "ệ": {"¢": -1.0}, "ở": {"&": -1.0}, "ủ": {"ii": -1.0},
                     "ự": {"y": -0.8}, "l": {"1": -0.9}, "I": {"1": -1.0},
                     **{c: {"6": -1.0} for c in "ôồốổỗộ"}}
_CODE_PART = re.compile(r"^[A-ZĐ]{1,8}$")


def split_token(token: str) -> tuple[str, str, str]:
    """(leading punctuation, core, trailing punctuation) of one whitespace-separated token."""
    i, j = 0, len(token)
    while i < j and token[i] in _LEAD:
        i += 1
    while j > i and token[j - 1] in _TRAIL:
        j -= 1
    return token[:i], token[i:j], token[j:]


def _fold_char(ch: str) -> str:
    if ch in "đĐ":
        return "d" if ch == "đ" else "D"
    return unicodedata.normalize("NFD", ch)[0]




def _load(data: Path) -> dict:
    """The channel's data from `data` (a bare fold-only channel without a trained model).
    Raises FileNotFoundError without the syllable list: no channel at all then."""
    if not (data / "channel_syllables.tsv.gz").exists():
        raise FileNotFoundError(data / "channel_syllables.tsv.gz")
    syllables = _read_counts(data / "channel_syllables.tsv.gz")
    path = data / "channel_model.json.gz"
    if path.exists():
        with gzip.open(path, "rt", encoding="utf-8") as fh:
            learned = json.load(fh)
    else:  # without a trained model: each letter reads as itself or its unmarked base letter
        learned = {"subs": {c: {c: -0.05, _fold_char(c): -0.3} for c in _LETTERS},
                   "ins": {}, "words": {}, "intended_totals": {}}
    trie: dict = {}
    for word, count in syllables.items():
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node["$"] = count
    total = sum(syllables.values())
    _link_children(trie)
    return {
        "trie": trie,
        "reverse": _reverse(_with_floor(learned["subs"], _BRIEF_CONFUSIONS)),
        "ins": learned["ins"],
        "words": learned["words"],
        "totals": learned["intended_totals"],
        "codes": _read_counts(data / "channel_codes.tsv.gz"),
        "logprior": {w: math.log10(c / total) for w, c in syllables.items()},
        "folds": {"".join(_fold_char(c) for c in w) for w in syllables},
    }


def _with_floor(subs: dict, floor: dict) -> dict:
    out = {ch: dict(row) for ch, row in subs.items()}
    for ch, row in floor.items():
        for obs, lp in row.items():
            out.setdefault(ch, {})[obs] = max(lp, out.get(ch, {}).get(obs, -99.0))
    return out


def _read_counts(path: Path) -> dict[str, int]:
    counts: dict[str, int] = {}
    if path.exists():
        with gzip.open(path, "rt", encoding="utf-8") as fh:
            for line in fh:
                word, count = line.rstrip("\n").split("\t")
                counts[word] = int(count)
    return counts


def _reverse(subs: dict[str, dict[str, float]]) -> dict[str, dict[str, float]]:
    """observed substring -> {intended char: cost}. Upper-case letters borrow the lower-case
    row (upper-cased) where training saw them rarely: headings are a small share of the text."""
    rows = dict(subs)
    for ch in _LETTERS:
        up = ch.upper()
        # a non-letter garbling learned on a small letter ("&" = ở) is less sure for a capital
        derived = {o.upper(): lp - (0.0 if o.upper() != o else 1.0) for o, lp in subs.get(ch, {}).items()}
        rows[up] = {**derived, **subs.get(up, {})}
    reverse: dict[str, dict[str, float]] = {}
    for ch, row in rows.items():
        for obs, lp in row.items():
            if lp >= _MIN_LOGP:
                reverse.setdefault(obs, {})[ch] = -lp
    return reverse


def _prune(scored: dict[str, float], model: dict, by_reading: bool = False) -> list[tuple[str, float]]:
    """Best first by channel + a damped unigram prior (so that rare syllables with the same
    channel score do not crowd out common ones); the channel score is what is returned.
    `by_reading` (a capitalised word, whose candidates come in pairs): the budget counts
    readings, "Con" and "con" being one."""
    prior = model["logprior"]

    def rank(item: tuple[str, float]) -> float:
        words = item[0].lower().split()
        # a word outside the syllable inventory (code, number, name) gets a middling prior
        p = sum(prior.get(w, _NEUTRAL_PRIOR) for w in words) / max(1, len(words))
        return -(item[1] + _PRIOR_WEIGHT * p)

    # "Dịch tả Ion châu Phi": "lợn" ranks just after eight such pairs
    kept, readings = [], set()
    for item in sorted(scored.items(), key=rank):
        reading = item[0].lower() if by_reading else item[0]
        if reading not in readings:
            if len(readings) == _MAX_CANDIDATES:
                break
            readings.add(reading)
        kept.append(item)
    return kept


def _word_candidates(core: str, model: dict) -> dict[str, float]:
    """candidate text -> channel log10 probability for a core made of letters (and garble)."""
    found = {out: -cost for out, cost in _search_all(core, model)}
    rewrites = model["words"].get(core, ())
    if rewrites:
        # blend the counted P(core | intended) with the character model's estimate
        for intended, count in rewrites:
            total = model["totals"].get(intended, count)
            char_p = 10 ** found.get(intended, -8.0)
            found[intended] = math.log10((count + _WORD_ALPHA * char_p) / (total + _WORD_ALPHA))
    if core[:1].isupper() and core[1:].islower():
        # the English model capitalises some marked small letters ("Tinh Uy" = Tỉnh ủy)
        for out, lp in list(found.items())[:_MAX_CANDIDATES]:
            found.setdefault(out.lower(), lp - _LOWER_COST)
    if core.lower() in model["logprior"]:
        found.setdefault(core, -1.0)  # a real syllable as written ("ngày") stays possible
    if core.isascii() and core.isalpha() and core not in found:
        found[core] = -_IDENTITY_COST - (0 if core.isupper() or core[:1].isupper() else 1.0)
    return found


def _code_candidates(core: str, model: dict) -> list[tuple[str, float]]:
    """Variants of a document code: upper-case parts where D/B/P may stand for Đ
    ("TB/BCD" -> "TB/BCĐ", "1157-QB/TU" -> "1157-QĐ/TU"), known parts from the corpus first."""
    codes = model["codes"]
    options = []
    for part in re.split(r"([-/.])", core):
        part = _code_digits(part)
        alts = {part: 0.0}
        if _ROMAN.match(part) and "1" in part:
            alts[part.replace("1", "I")] = 0.3
        elif _CODE_PART.match(part):
            for i, ch in enumerate(part):
                if ch in _CODE_FIX:
                    for alt in list(alts):
                        fixed = alt[:i] + _CODE_FIX[ch] + alt[i + 1:]
                        alts[fixed] = alts[alt] - 0.4
            if ("I" in part and not set(part) <= set("IVXL") and part not in codes
                    and codes.get(part.replace("I", "T"), 0) >= _KNOWN):
                alts[part.replace("I", "T")] = -0.4  # "18/CI-UBND": the English model's I for the T of a known part
            if any(a in codes for a in alts):
                # corpus frequency decides between readings: QĐ (Quyết định) is commoner than QB
                top = max(codes.get(a, 0) for a in alts)
                alts = {a: lp + 0.5 * math.log10((codes.get(a, 0) + 0.1) / top) for a, lp in alts.items()}
            else:
                alts = {a: lp - (0.0 if a == part else 1.5) for a, lp in alts.items()}
        options.append(sorted(alts.items(), key=lambda x: -x[1])[:3])
    out = [("", 0.0)]
    for opts in options:
        out = sorted(((s + a, lp + b) for s, lp in out for a, b in opts), key=lambda x: -x[1])[:6]
    return [(s, min(0.0, lp)) for s, lp in out]


# The digits that close a code part, with an O or an I the English model read for a 0 or a 1
# among them: "UBTVQHI5" is UBTVQH15, "PVO1" PV01 (letters never follow a code's digits).
_CODE_DIGITS = re.compile(r"(?<=[A-ZĐ])[OIl0-9]*\d[OIl0-9]*$")
_DIGIT_GLYPHS = str.maketrans("OIl", "011")


def _code_digits(part: str) -> str:
    m = _CODE_DIGITS.search(part)
    return part[:m.start()] + m.group().translate(_DIGIT_GLYPHS) if m else part


_GARBLED_HEAD_BONUS = 2.5
_GLUED = re.compile(r"^[A-Za-z]{1,3}\d")
_CODE_OVER_SYLLABLE = 3.0


def _known_code(core: str, model: dict) -> bool:
    """An all-capital ASCII token that is no syllable but, with Đ for D/B/P, a known code."""
    if not (core.isascii() and core.isalpha() and core.isupper() and len(core) >= 3):
        return False
    if core.lower() in model["folds"]:
        return False
    return any(model["codes"].get(v, 0) >= _KNOWN for v in _with_dj(core))


def _with_dj(core: str) -> set[str]:
    """`core` and its readings with Đ for any D, B or P (the English model has no Đ)."""
    variants = {core}
    for i, ch in enumerate(core):
        if ch in "DBP":
            variants |= {v[:i] + "Đ" + v[i + 1:] for v in variants}
    return variants


def is_acronym(core: str, model: dict) -> bool:
    """An all-capital ASCII word that is no syllable and no code read with D for Đ ("IUU",
    "EUDR", "OCOP", "GDP"; not "BCD", "HDND"): in running text, an acronym kept as written."""
    if not (core.isascii() and core.isalpha() and core.isupper() and 3 <= len(core) <= 6):
        return False
    if sum(c not in "OSGILZB" for c in core) < 2:
        return False  # "SOS", "SOG", "OOS": digits and marked letters read as capitals ("Số", "đủ")
    if core.lower() in model["folds"]:
        return False
    codes, own = model["codes"], model["codes"].get(core, 0)
    return not any(codes.get(v, 0) > own for v in _with_dj(core) - {core})


def _candidates(core: str, model: dict) -> list[tuple[tuple[str, ...], float]]:
    letters = sum(c.isalpha() for c in core)
    if not core:
        return [((core,), 0.0)]
    if letters == 0 and not re.search(r"[&¢¥§@€®]", core):
        found = {core: 0.0}
        if re.match(r"^\d{1,3}(,\d{3})+$", core):  # thousands read with commas: 50,000 = 50.000
            found[core.replace(",", ".")] = 0.0
        if len(core) <= 2 and core.isdigit():  # "36", "56" are often "số"
            for o, lp in _word_candidates(core, model).items():
                found.setdefault(o, lp - 1.0)
        return [(tuple(o.split()), lp) for o, lp in _prune(found, model)]
    scored: dict[str, float] = {}
    if core.lower() in model["logprior"] and any(c in _VN_ONLY for c in core):
        # a syllable with letters outside the English model's alphabet (ư, ạ, đ…): already right
        return [((core,), -0.05)]
    if len(core) > _MAX_TOKEN:
        scored.setdefault(core, -_IDENTITY_COST)  # no two syllables are this long: a URL, a name
        return [(tuple(o.split()), lp) for o, lp in _prune(scored, model)]
    if (_CODE_LIKE.search(core) or (core.isupper() and core.isascii() and core.isalpha())
            or _ROMAN.match(core.rstrip("-.,"))):
        for code, lp in _code_candidates(core, model):
            scored[code] = max(scored.get(code, -99.0), lp - (0.0 if re.search(r"[-/\d]", core) else 0.3))
    if not re.search(r"[-/]", core[1:-1]):
        for text, lp in _word_candidates(core, model).items():
            scored[text] = max(scored.get(text, -99.0), lp)
        # a word glued to a number: "S6135-" -> "Số 135-", "ngay24" -> "ngày 24"
        for i in range(1, len(core)):
            if core[i - 1].isdigit() or not re.match(r"^\d+[-/.,]?$", core[i:]):
                continue
            for head in (core[:i], core[:i + 1]) if i + 1 < len(core) and core[i + 1].isdigit() else (core[:i],):
                number = core[len(head):]
                # a head with a garbled letter in it ("S6" = Số) is a word, not part of a code
                bonus = _GARBLED_HEAD_BONUS if any(c.isdigit() for c in head) else 1.0
                for word, cost in _search(head, model, max_split=0, backoff=False)[:5]:
                    text = f"{word} {number}"
                    scored[text] = max(scored.get(text, -99.0), -cost - _SPLIT_COST + bonus)
    if not any(c.islower() for c in core):
        # "I-", "X", "1.": codes and numerals stay possible; "S6135-" read as a word and a
        # number is likelier than as a code, so its identity costs more
        glued = _GLUED.match(core) and any(" " in t for t in scored)
        scored.setdefault(core, -3.0 if glued else -0.5)
    if _known_code(core, model):
        # "BCD" is BCĐ, not a syllable three edits away (BỘ) that the LM happens to like
        for text in scored:
            if " " not in text and text.upper() not in model["codes"] and text != core:
                if not _CODE_LIKE.search(text) and text.lower() in model["logprior"]:
                    scored[text] -= _CODE_OVER_SYLLABLE
    if not scored:
        scored[core] = -_IDENTITY_COST
    titled = core[:1].isupper() and core[1:].islower()
    return [(tuple(o.split()), lp) for o, lp in _prune(scored, model, by_reading=titled)]


class Channel:
    """The channel model of one folder and its memo of searched tokens (least recently used
    go first; "ciia" and "ciia," share the search of their core)."""

    def __init__(self, data: Path = _DATA, memo_size: int = 300_000):
        self.model = _load(data)
        self._core = functools.lru_cache(maxsize=memo_size)(lambda core: _candidates(core, self.model))
        self._token = functools.lru_cache(maxsize=memo_size)(self._readings)

    def candidates(self, token: str) -> list[tuple[tuple[str, ...], float]]:
        """Repairs of one whitespace-separated token of legacy English-model OCR, best first:
        each a tuple of output tokens (NFC, new-style tones, cased as the output should be,
        surrounding punctuation kept) and the channel log10 P(observed | intended)."""
        return list(self._token(token))

    def clear(self) -> None:
        self._core.cache_clear()
        self._token.cache_clear()

    def _readings(self, token: str) -> tuple[tuple[tuple[str, ...], float], ...]:
        lead, core, trail = split_token(token)
        out = []
        for words, lp in self._core(core):
            words = list(words) or [""]
            words[0] = lead + words[0]
            words[-1] = words[-1] + trail
            out.append((tuple(words), round(lp, 3)))
        return tuple(out)

    def is_acronym(self, core: str) -> bool:
        """See `is_acronym`."""
        return is_acronym(core, self.model)

    def looks_legacy(self, line: str) -> bool:
        """Does this line show English-model OCR garbling ("d6i", "Pang", "ciia", "&", "é")?
        Vietnamese-only letters (ă, đ, ơ, ư, ạ…) are outside the English model's alphabet,
        so a line that has them is not legacy text."""
        letters = [c for c in line if c.isalpha()]
        if len(letters) < 4:
            return False
        if sum(c in _VN_ONLY for c in letters) >= 2:
            return False
        return len(_GARBLE.findall(line)) >= 1 or _non_syllable_share(line, self.model) >= 0.15


@functools.lru_cache(maxsize=1)
def shipped_channel() -> Channel:
    """The channel of the shipped corpus (scripts and tests; the restorer owns its own)."""
    return Channel(_DATA)


def legacy_candidates(token: str) -> list[tuple[tuple[str, ...], float]]:
    """`Channel.candidates` on the shipped model.

    >>> legacy_candidates("Pang")[0]
    (('Đảng',), ...)
    """
    return shipped_channel().candidates(token)


def looks_legacy(line: str) -> bool:
    """`Channel.looks_legacy` on the shipped model."""
    return shipped_channel().looks_legacy(line)


def _non_syllable_share(line: str, model: dict) -> float:
    """Share of the line's lower-case ASCII words that are not Vietnamese syllables even
    without marks ("ciia", "thye"): high in legacy OCR, near 0 in plain unaccented text."""
    words = [w for w in re.findall(r"(?<![^\W\d_])[a-z]+(?![^\W\d_])", line) if len(w) > 1]
    if len(words) < 3:
        return 0.0
    return sum(w not in model["folds"] for w in words) / len(words)
