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
    r"[A-Z0-9]{1,4}(?:[ \-]?[A-Z0-9]{1,5}){0,3})(?![\w\-])")
# Indian plates run to ten characters in four groups: "MH 12 AB 3456", "DL 3C AS 1234"
IN_PLATE = re.compile(r"[A-Z]{2}[ \-]?\d{1,2}[A-Z]?[ \-]?[A-Z]{1,3}[ \-]?\d{1,4}")
# a vehicle named just before a 17-character code: a VIN, check digit or not (only North
# American VINs carry one)
VIN_VEHICLE_BEFORE = re.compile(
    r"(?i)\b(?:car|truck|van|vehicle|suv|motorcycle|motorbike|ute|chassis|frame)\b[^.!?]{0,30}$")
# the organisation's own vehicle: "our health bus (plate HLTH 01)"
_OWN_VEHICLE = re.compile(r"(?i)\bour\s+(?:[\w\-]+\s+){0,2}(?:bus|van|vehicle|car|truck|"
                          r"ambulance|shuttle|coach|mobile\s+(?:unit|clinic)|fleet)\b")
_READER = re.compile(r"(?i)\b(?:your|you|my|his|her|their)\b")
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
        elif VIN_VEHICLE_BEFORE.search(text, max(0, m.start() - 40), m.start()) and (
                sum(c.isdigit() for c in m.group(0)) >= 3
                and sum(c.isalpha() for c in m.group(0)) >= 2):
            out.append(Candidate(m.start(), m.end(), "VEHICLE", 0.8, "vehicle.vin_vehicle",
                                 "17-character VIN after a vehicle word"))
    if not scan.words & VEHICLE_WORDS:
        return out
    for m in PLATE_AFTER_CUE.finditer(text):
        plate = m.group("plate")
        alnum = plate.replace(" ", "").replace("-", "")
        if not 5 <= len(alnum) <= 8 and not (
                len(alnum) <= 10 and IN_PLATE.fullmatch(plate)) or re.fullmatch(r"\d{1,2}", plate):
            continue
        if len(alnum) > 8 and not IN_PLATE.fullmatch(plate):
            continue
        sentence = re.split(r"[.!?]\s", text[max(0, m.start() - 80):m.start("plate")])[-1]
        if scan.doc.direction == "outbound" and _OWN_VEHICLE.search(sentence) \
                and not _READER.search(sentence):
            continue  # "our health bus (plate HLTH 01)": the organisation's vehicle
        if re.fullmatch(r"(?:19|20)\d{2}", alnum) or alnum.isalpha():
            continue
        out.append(Candidate(m.start("plate"), m.end("plate"), "VEHICLE", 0.85,
                             "vehicle.plate", "licence plate after a vehicle cue"))
    return out
