"""Names the Census lexicons lack: a capitalised word that is no ordinary English word.

The shipped name lexicons (data/first_names.txt, data/last_names.txt) come from one country's
1990 census: "Oluwaseun", "Bartek", "Radomir", "Wiśniewska" and "Mei-Ling" are not in them.
After a strong person cue ("Hi", "Mrs.", "my husband", "98-year-old") such a word is still a
name, as long as it is not an ordinary English word ("Hi Team", "Thanks Pharmacy"), a place or
nationality ("I'm Canadian"), a drug brand or a health word. The English words come from
SCOWL (data/english_words.txt.gz, data/english_proper.txt.gz; see data/README.md).
"""

from __future__ import annotations

import gzip
import re
from functools import cache
from importlib import resources

from carepost.guard.recognizers.base import HEALTH_WORDS


@cache
def _gz_words(name: str) -> frozenset[str]:
    raw = resources.files("carepost.guard").joinpath("data", name).read_bytes()
    return frozenset(gzip.decompress(raw).decode("utf-8").split())


def english_words() -> frozenset[str]:
    """Ordinary lower-case English words (SCOWL size 50, less the Census first names)."""
    return _gz_words("english_words.txt.gz")


def english_proper() -> frozenset[str]:
    """Capitalised English words that are no name in the lexicons: places, peoples, brands."""
    return _gz_words("english_proper.txt.gz")


# Brands, services and chat words a reader capitalises (drug brands are health words, in base)
_NOT_NAMES = frozenset("""moderna pfizer astrazeneca novavax janssen mychart medicaid medicare
tricare nhs hse acc ndis pmjay ayushman gofundme instagram facebook tiktok youtube whatsapp
twitter linkedin snapchat reddit zoom teams uber lyft amazon google
okay ok lol omg thx pls plz tho tbh idk imo btw fyi asap hiya heya yall hun hon luv mate
kinda gonna wanna gotta tryna finna sooo soo ya yeah yea yep yup nope nah atm smh ngl cuz
coz bcuz wtf irl lmao lmfao rofl tmrw tmr tmw tbf
pharmd aprn fnp lcsw dpt mph bsn msn crna facs facc ibclc cnm mbbs frcp mrcp frcs mrcgp
dnp psyd lmft lpc otr ccc slp""".split())

_PARTS = re.compile(r"[-\u2010\u2011']")
# endings of ordinary nouns a lexicon-less word with a capital may still have
# ("Paediatrics", "Haematology": British spellings the American list lacks; "-ist", "-ing",
# "-ery" are left out: "Lindqvist", "Xiaoming", "Avery" are names, and the English nouns with
# those endings are in the list)
_NOUN_ENDING = re.compile(r"(?:olog(?:y|ies)|iatr(?:y|ics)|ics|ities|ments?|tions?|sions?|"
                          r"ness|ship|ware)$")


def unlisted_name(word: str, proper_ok: bool = True) -> bool:
    """Whether `word` (any case) may be a name no lexicon lists: letters only, three or more,
    not an English word, health word or brand; with `proper_ok` False not a place or people
    either ("I'm Canadian"). A hyphenated word qualifies unless every part is English
    ("Mei-Ling" does, "Follow-Up" does not); after an apostrophe the rest is read ("O'Shea")."""
    low = word.lower()
    if len(low) < 3 or low in _NOT_NAMES or low in HEALTH_WORDS or low in english_words():
        return False
    if not proper_ok and low in english_proper():
        return False
    parts = [p for p in _PARTS.split(low) if p]
    if not parts or not all(p.isalpha() for p in parts):
        return False
    if len(parts) > 1:
        words = english_words()
        return not all(p in words or len(p) < 3 for p in parts)
    return _NOUN_ENDING.search(low) is None
