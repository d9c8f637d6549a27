"""Vehicles: licence plates after a vehicle cue, and VINs (cued, or with a valid check digit)."""

from __future__ import annotations

import re

from carepost.guard.recognizers.base import Candidate, Scan
from carepost.guard.recognizers.ids import vin_valid

VEHICLE_WORD = (r"(?:plate|plates|tag|license plate|licence plate|reg|registration|car|truck|"
                r"van|suv|minivan|jeep|pickup|sedan|vehicle|motorcycle|tahoe|camry|civic|"
                r"corolla|accord|f-150|prius|rav4|explorer|escape|outback|altima|malibu|"
                r"silverado|wrangler|highlander|odyssey|sienna|mustang|charger|tacoma|honda|"
                r"toyota|ford|chevy|chevrolet|nissan|hyundai|kia|subaru|bmw|audi|mercedes|tesla|"
                r"dodge|ram|gmc|mazda|lexus|volvo|volkswagen|vw|ute|rego|hatchback|coupe|"
                r"scooter|bike|motorbike)")
# "plate 6XDE593", "my car (145 RVQ)", "the silver Tahoe PFT 3580"
PLATE_AFTER_CUE = re.compile(
    r"(?i:\b" + VEHICLE_WORD + r"\b)(?:\s+(?:number|no\.?|#|is|was|with|plate|reads))*"
    r"\s*[:#(,]?\s*(?P<plate>(?=[A-Z0-9\- ]*\d)(?=[A-Z0-9\- ]*[A-Z0-9]{2})"
    r"[A-Z0-9]{1,4}(?:[ \-]?[A-Z0-9]{1,5}){0,2})(?![\w\-])")
VIN_CUED = re.compile(r"(?i:\bvin\b)\s*(?:number|no\.?|#|is|:)?\s*(?P<vin>[A-HJ-NPR-Z0-9]{17})\b")
VEHICLE_WORDS = frozenset(re.findall(r"[a-z0-9]+", VEHICLE_WORD)) - {"150", "f", "rav4"} | {
    "rav"}
# (opening on its first character and looking behind it after reading it: the regex engine
# skips to such characters in C instead of trying every position)
VIN_ANY = re.compile(r"[A-HJ-NPR-Z0-9](?<![\w](?s:.))[A-HJ-NPR-Z0-9]{16}(?![\w])")


def vehicles(scan: Scan) -> list[Candidate]:
    """Plates and VINs of someone's vehicle."""
    out: list[Candidate] = []
    text = scan.text
    if scan.example or len(text) < 5 or not scan.digits:
        return out
    for m in VIN_CUED.finditer(text) if "vin" in scan.words else ():
        out.append(Candidate(m.start("vin"), m.end("vin"), "VEHICLE", 0.9, "vehicle.vin_cued",
                             "17-character VIN after the word VIN"))
    for m in VIN_ANY.finditer(text) if len(text) >= 17 and scan.digits >= 5 else ():
        if vin_valid(m.group(0)):
            out.append(Candidate(m.start(), m.end(), "VEHICLE", 0.85, "vehicle.vin_check",
                                 "VIN with a valid check digit"))
    if not scan.words & VEHICLE_WORDS:
        return out
    for m in PLATE_AFTER_CUE.finditer(text):
        plate = m.group("plate")
        alnum = plate.replace(" ", "").replace("-", "")
        if not 5 <= len(alnum) <= 8 or re.fullmatch(r"\d{1,2}", plate):
            continue
        if re.fullmatch(r"(?:19|20)\d{2}", alnum) or alnum.isalpha():
            continue
        out.append(Candidate(m.start("plate"), m.end("plate"), "VEHICLE", 0.85,
                             "vehicle.plate", "licence plate after a vehicle cue"))
    return out
