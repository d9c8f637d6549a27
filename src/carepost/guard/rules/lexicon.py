"""Clinical vocabulary the rules share: medicines, vaccines, devices, procedures, harms.

Written by hand for carepost from general clinical knowledge (generic drug names are public
nomenclature: USAN/INN). Lists are deliberately broad but plain; an organisation adds its own
product names through the policy's `terms.products`.
"""

from __future__ import annotations

from carepost.guard.rules import druglist
from carepost.guard.rules.base import alt

GENERIC_DRUGS = """
acetaminophen paracetamol ibuprofen naproxen aspirin diclofenac celecoxib meloxicam
amoxicillin augmentin penicillin azithromycin doxycycline cephalexin ciprofloxacin levofloxacin
clindamycin metronidazole nitrofurantoin bactrim sulfamethoxazole vancomycin
lisinopril enalapril ramipril losartan valsartan olmesartan amlodipine nifedipine diltiazem
metoprolol atenolol carvedilol propranolol hydrochlorothiazide chlorthalidone furosemide
spironolactone atorvastatin rosuvastatin simvastatin pravastatin ezetimibe warfarin apixaban
rivaroxaban dabigatran clopidogrel heparin enoxaparin digoxin amiodarone
metformin insulin glipizide glyburide sitagliptin empagliflozin dapagliflozin semaglutide
tirzepatide liraglutide dulaglutide pioglitazone levothyroxine methimazole
sertraline fluoxetine paroxetine citalopram escitalopram venlafaxine duloxetine bupropion
mirtazapine trazodone amitriptyline nortriptyline lithium lamotrigine valproate divalproex
quetiapine olanzapine risperidone aripiprazole haloperidol clozapine lorazepam alprazolam
clonazepam diazepam zolpidem melatonin buspirone hydroxyzine gabapentin pregabalin
topiramate levetiracetam carbamazepine phenytoin sumatriptan rizatriptan
methylphenidate amphetamine adderall atomoxetine
oxycodone hydrocodone morphine fentanyl tramadol codeine buprenorphine methadone naloxone
naltrexone suboxone prednisone prednisolone methylprednisolone dexamethasone hydrocortisone
omeprazole pantoprazole esomeprazole lansoprazole famotidine ondansetron metoclopramide
loperamide docusate senna montelukast albuterol fluticasone budesonide cetirizine loratadine
fexofenadine diphenhydramine pseudoephedrine guaifenesin dextromethorphan
isotretinoin tretinoin minoxidil finasteride tamsulosin sildenafil tadalafil oxybutynin
estradiol progesterone medroxyprogesterone norethindrone levonorgestrel testosterone
methotrexate hydroxychloroquine adalimumab etanercept infliximab ustekinumab dupilumab
rituximab pembrolizumab nivolumab trastuzumab tamoxifen letrozole anastrozole cisplatin
carboplatin paclitaxel doxorubicin cyclophosphamide allopurinol colchicine alendronate
oseltamivir acyclovir valacyclovir paxlovid nirmatrelvir ivermectin fluconazole terbinafine
iron ferrous potassium magnesium vitamin lidocaine propofol ketamine contrast dye
""".split()

BRAND_DRUGS = """
Tylenol Advil Motrin Aleve Excedrin Benadryl Claritin Zyrtec Allegra Sudafed Mucinex
NyQuil DayQuil Pepcid Prilosec Nexium Zantac Imodium Xanax Valium Ativan Klonopin Ambien
Zoloft Prozac Paxil Lexapro Celexa Effexor Cymbalta Wellbutrin Seroquel Abilify Zyprexa
Risperdal Lamictal Depakote Lyrica Neurontin Adderall Ritalin Vyvanse Concerta Percocet
Vicodin OxyContin Dilaudid Narcan Suboxone Lipitor Crestor Zocor Plavix Eliquis Xarelto
Coumadin Lasix Synthroid Glucophage Januvia Jardiance Farxiga Ozempic Wegovy Mounjaro
Zepbound Trulicity Victoza Saxenda Lantus Humalog Novolog Humira Enbrel Remicade Stelara
Dupixent Keytruda Opdivo Herceptin Botox Juvederm Accutane Retin-A Viagra Cialis Flomax
Propecia Rogaine Valtrex Tamiflu Paxlovid Diflucan Singulair Flonase Ventolin ProAir
Depo-Provera Nexplanon Mirena Plan-B Z-pack Zpack Medrol Augmentin Cipro Bactrim
Levaquin Keflex Flagyl Neosporin Calamine Pepto Tums Miralax Robitussin Midol Monistat
Lotrimin Voltaren Orajel Dramamine Afrin Visine Macrobid Lexapro Calpol Nurofen Lemsip
Gaviscon Piriton Sudocrem Bonjela Panadol Plan-B Dexcom Libre Omnipod
""".split()

VACCINES = [
    "vaccine", "vaccines", "vaccination", "vaccinated", "immunization", "booster", "jab",
    "flu shot", "flu vaccine", "shingles shot", "shingles vaccine", "Shingrix", "MMR",
    "MMR shot", "MMR vaccine", "Tdap", "DTaP", "HPV vaccine", "Gardasil", "covid shot",
    "covid vaccine", "covid booster", "RSV shot", "RSV vaccine", "pneumonia shot",
    "hep B shot", "hepatitis B vaccine", "tetanus shot", "polio vaccine", "chickenpox vaccine",
    "varicella", "rotavirus vaccine", "Pfizer shot", "Moderna shot", "Pfizer", "Moderna",
    "mRNA shot", "allergy shot", "allergy shots", "shot", "shots", "injection", "injections",
]

DEVICES = [
    "pacemaker", "defibrillator", "insulin pump", "glucose monitor", "CGM", "IUD", "implant",
    "implants", "breast implants", "hip implant", "knee implant", "stent", "CPAP", "CPAP machine",
    "hearing aid", "hearing aids", "cochlear implant", "catheter", "port", "mesh", "hernia mesh",
    "contact lenses", "lens implant", "crown", "dental implant", "braces", "retainer",
    "inhaler", "nebulizer", "pump", "monitor", "brace", "cast", "sling", "new hip", "new knee",
    "ICD", "insulin pen", "patch", "ring", "shunt", "valve", "lens", "dentures", "sample",
]

PROCEDURES = [
    "surgery", "operation", "procedure", "c-section", "cesarean", "extraction",
    "wisdom tooth extraction", "tooth extraction", "root canal", "filling", "colonoscopy",
    "endoscopy", "biopsy", "MRI", "CT", "CT scan", "mammogram", "x-ray", "ultrasound",
    "LASIK", "cataract surgery", "knee replacement", "hip replacement", "joint replacement",
    "chemo", "chemotherapy", "radiation", "infusion", "IV", "IV drip", "dialysis", "anesthesia",
    "epidural", "spinal tap", "vasectomy", "hysterectomy", "tonsillectomy", "appendectomy",
    "gallbladder surgery", "bypass", "angioplasty", "transfusion", "blood draw", "stitches",
    "filler", "fillers", "lip filler", "facelift", "liposuction", "tummy tuck", "rhinoplasty",
    "laser treatment", "physical therapy", "adjustment", "cleaning", "deep cleaning",
    "injection", "steroid injection", "cortisone shot", "nerve block", "sedation", "ablation",
    "circumcision", "induction", "IVF", "egg retrieval", "transplant", "implant surgery",
    "tonsils out", "had his tonsils", "had her tonsils", "wisdom teeth out", "teeth pulled",
    "tooth pulled", "D&C", "IUD insertion", "peel", "chemical peel", "microneedling", "laser",
    "laser hair removal", "tattoo removal",
    "Botox", "botox injections", "massage", "acupuncture", "chiropractic adjustment",
    "blood test", "lab draw", "flu shot", "vaccine", "catheter", "stitches", "sutures",
]

HARMS = [
    "rash", "hives", "itchy", "itching", "swelling", "swollen", "dizzy", "dizziness",
    "fainted", "passed out", "nausea", "nauseous", "vomiting", "throwing up", "threw up",
    "headache", "headaches", "migraine", "migraines", "hair fall out", "hair falling out",
    "hair loss", "lost my hair", "numb", "numbness", "tingling", "bleeding", "bled",
    "fever", "chills", "body aches", "aches", "haven't slept", "can't sleep", "cant sleep",
    "insomnia", "heart racing", "racing heart", "palpitations", "blurred vision",
    "blurry vision", "halos", "dry eyes", "double vision", "seizure", "seizures",
    "infection", "infections", "infected", "stomach cramps", "cramps", "cramping", "diarrhea",
    "constipation", "pain", "painful", "hurts", "hurt", "sore", "bruising", "bruised",
    "anaphylaxis", "anaphylactic", "allergic reaction", "reaction", "blood clot",
    "clot", "clots", "stroke", "paralysis", "paralyzed", "can't feel", "cant feel",
    "hallucinations", "hallucinating", "confused", "confusion", "mood swings", "suicidal thoughts",
    "depressed", "anxiety attacks", "panic attacks", "weight gain", "gained", "lost weight",
    "tremor", "shaking", "shakes", "weakness", "exhausted", "fatigue", "burning", "blisters",
    "scarring", "scar", "lump", "spotting", "heavy bleeding", "period stopped",
    "chest pain", "shortness of breath", "short of breath", "trouble breathing",
    "hard to breathe", "can't breathe", "wheezing", "coughing", "cough", "sick", "ill",
    "in bed", "hospitalized", "admitted", "went into shock", "won't wake up", "wont wake up",
    "unresponsive", "went low", "went super low", "went really low", "low blood sugar",
    "shocked me", "malfunctioned", "stopped working", "double bolus", "throat closing",
    "throat feels like", "face is swelling", "swelling up", "hurting", "agony", "unbearable",
    "killing me", "aggressive", "aggression", "rage", "irritable", "couldn't move",
    "can't move", "shake", "shaky", "tremors", "leaking", "red and hot", "red, hot", "weeping",
    "not making sense", "changed overnight", "regressed", "stopped talking", "stopped walking",
    "swell", "swelling up", "coming out in clumps", "hair is coming out",
    "mood has dropped", "mood dropped", "mood swings", "dropped off a cliff", "flat and low",
    "low all the time", "diarrhoea", "vomited", "being sick", "blood-tinged", "bloody", "blood in",
    "ache", "aches", "aching",
    "muscle pain", "muscles ache", "lose weight",
    "losing weight", "barely eats", "not eating", "no appetite", "loss of appetite", "burn",
    "nasty burn", "blistery", "heart is going crazy", "heart going crazy",
    "wrecked", "messed up", "upset stomach", "stomach ache", "stomach pain",
    "stomachache", "jittery", "throat is closing", "closing up", "brain zaps",
    "bleeding a lot", "soaked through", "faint", "feels faint", "lightheaded", "light-headed",
    "feel weird",
    "feel strange", "feel funny", "don't feel right", "keeps beeping", "keeps shocking",
    "keeps alarming", "swelled", "swelled up", "oozing", "pus", "red and hot", "still red",
    "hot to the touch", "fever of", "high fever", "won't heal", "not healing", "can't walk",
    "cant walk", "can't see", "worse", "infertile",
    "kidney damage", "liver damage", "tendon", "ruptured", "tinnitus", "ringing in my ears",
    "lost my sense", "can't taste", "can't smell", "droopy", "drooping", "eyelid",
    "side effect", "side effects", "burns", "burned", "nerve damage", "damaged", "punctured",
    "perforated", "broke", "broken", "cracked", "fell out", "wrong tooth", "wrong strength",
    "wrong dose", "wrong medication", "wrong side", "overdose", "od'd", "hair thinning",
    # feelings blunted or changed, the way people describe psychiatric side effects
    "zombie", "feel nothing", "feel numb", "emotionally numb", "brain fog", "foggy",
    "spaced out", "out of it", "not myself", "personality changed", "nightmares",
    "vivid dreams", "night sweats", "sweating", "hot flashes", "yeast infection",
    "yeast infections", "thrush", "ulcers", "mouth sores", "nosebleeds", "nosebleed",
    "hearing loss", "joint pain", "back pain", "leg cramps", "muscle cramps",
    "hair fell out", "acne", "breakouts", "broke out", "peeling", "dry mouth", "metallic taste",
    "heartburn", "bloated", "bloating", "sleepy", "drowsy", "groggy", "restless",
    "agitated", "suicidal", "dark thoughts", "low mood", "crying all the time", "impotence",
    "erectile", "no libido", "sex drive", "missed period", "irregular periods", "fluid retention",
    "puffy", "ankles swelled", "swollen ankles", "jaundice", "kidney failure",
    "pancreatitis", "gallstones", "fractured", "collapsed", "blacked out", "blackout",
    # infections people report after a drug that lowers immunity
    "pneumonia", "bronchitis", "shingles", "cellulitis", "sepsis", "uti", "utis",
    "kidney infection", "chest infection", "chest infections", "sinus infections",
    # harms told as what happened to the day
    "fainting", "passing out", "twitching", "running to the bathroom", "can't keep any food down",
    "can't keep food down", "can't keep anything down", "frozen shoulder", "chipped",
    "ended up in the er", "ended up in the hospital", "ended up in hospital", "landed in the er",
    "landed me in the er", "landed me in the hospital", "rushed to the er", "came back",
    "limping", "feels shorter", "heart is racing", "heart's racing", "heart was racing", "welts",
    "came up in welts", "night sweats", "ached", "achy", "bruise", "bruises", "went blurry",
    "gone blurry", "is blurry",
]

CONDITIONS = [
    "labour", "birth", "pregnant", "postpartum",
    "cancer", "tumor", "leukemia", "lymphoma", "diabetes", "diabetic", "HIV", "AIDS",
    "hepatitis", "STD", "STI", "chlamydia", "gonorrhea", "syphilis", "herpes", "depression",
    "anxiety", "bipolar", "schizophrenia", "PTSD", "ADHD", "autism", "dementia", "Alzheimer's",
    "Parkinson's", "MS", "epilepsy", "asthma", "COPD", "heart failure", "heart attack",
    "stroke", "pneumonia", "covid", "flu", "sepsis", "infection", "UTI", "pregnant",
    "pregnancy", "miscarriage", "abortion", "IVF", "infertility", "addiction", "overdose",
    "rehab", "detox", "sober", "sobriety", "alcoholism", "eating disorder", "anorexia",
    "broken", "fracture", "concussion", "arthritis", "lupus", "psoriasis", "eczema",
    "kidney disease", "dialysis", "transplant", "chemo", "surgery", "diagnosed", "diagnosis",
    "psych", "psychiatric", "mental health", "suicide", "suicidal", "labor", "delivered",
    "shingles", "gout", "kidney stones", "bell's palsy", "myocarditis", "guillain-barre",
    "blood clots", "tinnitus", "neuropathy", "pancreatitis", "hepatitis", "allergies",
]

_SUFFIXES = """mab pril olol statin sartan azole cillin mycin cycline floxacin ciclovir navir
previr gliptin gliflozin glutide dipine xetine zepam zolam triptan parin afil semide thiazide
profen codone morphone barbital tinib setron terol sonide asone olone lukast tadine pramine
triptyline peridone apine idone fenac coxib dronate formin xaban gatran grel nib""".split()
# consume the whole word, then check its ending with fixed-width lookbehinds (cheap: no
# backtracking through every split point of the word)
DRUG_SUFFIX = r"[a-z]{4,}\b(?:" + "|".join(f"(?<={s})" for s in _SUFFIXES) + ")"

# the common medicines by class, lay names and lay symptoms (rules/druglist.py, its source)
GENERIC_DRUGS += [w for words in druglist.GENERICS_BY_CLASS.values() for w in words.split()]
BRAND_DRUGS += [w for words in druglist.BRANDS_BY_CLASS.values() for w in words.split()]
VACCINES += druglist.VACCINE_FORMS
PROCEDURES += druglist.LAY_DEVICES_PROCEDURES
HARMS += druglist.LAY_HARMS

MEDICINE = alt(GENERIC_DRUGS + BRAND_DRUGS + druglist.LAY_MEDICINES
               + ["plan b", "morning after pill", "z pack"]) + "|" + DRUG_SUFFIX
VACCINE = alt(VACCINES)
DEVICE = alt(DEVICES)
PROCEDURE = alt(PROCEDURES)
HARM = alt(HARMS)
CONDITION = alt(CONDITIONS)
