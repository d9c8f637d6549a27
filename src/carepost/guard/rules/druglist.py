"""Common medicines, vaccines and lay symptom phrases, by class: an offline list the rules share.

Source: written by hand for carepost on 2026-11-25 from general clinical knowledge, without any
download: generic names are public nomenclature (INN/USAN), brand names are the widely marketed
US/UK trade names of the same classes (trade marks of their owners, used only to recognise
them in text). Classes follow the BNF/WHO ATC grouping a pharmacist would use. No list is ever
complete: an organisation adds its own products through the policy's `terms.products`, and the
suffix rule of lexicon.py (-pril, -sartan, -statin, -mab...) covers many generics not named.
Brand names that are also everyday words (Actos, Libre...) are left out on purpose.
"""

from __future__ import annotations

# generic names by class (lower case; several are caught by the suffix rule as well: listing
# them keeps the class readable and covers the ones whose ending the rule does not know)
GENERICS_BY_CLASS: dict[str, str] = {
    "statins and lipids": "atorvastatin rosuvastatin simvastatin pravastatin lovastatin "
                          "pitavastatin fluvastatin ezetimibe fenofibrate gemfibrozil "
                          "evolocumab alirocumab inclisiran bempedoic icosapent",
    "ace inhibitors": "lisinopril enalapril ramipril perindopril captopril benazepril "
                      "quinapril fosinopril trandolapril",
    "arbs": "losartan valsartan olmesartan candesartan irbesartan telmisartan azilsartan "
            "sacubitril",
    "other blood pressure": "amlodipine nifedipine felodipine lercanidipine diltiazem "
                            "verapamil bisoprolol nebivolol labetalol metoprolol atenolol "
                            "doxazosin hydralazine indapamide bendroflumethiazide clonidine "
                            "minoxidil isosorbide nitroglycerin ranolazine ivabradine",
    "anticoagulants": "warfarin apixaban rivaroxaban edoxaban dabigatran ticagrelor "
                      "prasugrel clopidogrel enoxaparin dalteparin",
    "ssris and snris": "sertraline fluoxetine paroxetine citalopram escitalopram fluvoxamine "
                       "venlafaxine desvenlafaxine duloxetine vortioxetine vilazodone "
                       "levomilnacipran mirtazapine bupropion trazodone agomelatine",
    "other mental health": "quetiapine olanzapine risperidone aripiprazole lurasidone "
                           "brexpiprazole cariprazine paliperidone lithium lamotrigine "
                           "buspirone pregabalin gabapentin clonazepam lorazepam "
                           "lisdexamfetamine dexamfetamine guanfacine",
    "glp-1 and weight": "semaglutide tirzepatide liraglutide dulaglutide exenatide "
                        "orlistat phentermine naltrexone",
    "sglt2 and diabetes": "empagliflozin dapagliflozin canagliflozin ertugliflozin metformin "
                          "gliclazide glimepiride glipizide sitagliptin linagliptin "
                          "saxagliptin alogliptin pioglitazone insulin glargine degludec "
                          "detemir aspart lispro",
    "immune and rheumatology": "methotrexate hydroxychloroquine sulfasalazine leflunomide "
                               "azathioprine mycophenolate tacrolimus ciclosporin "
                               "cyclosporine apremilast tofacitinib baricitinib "
                               "upadacitinib adalimumab etanercept infliximab "
                               "certolizumab golimumab ustekinumab secukinumab "
                               "ixekizumab guselkumab risankizumab dupilumab omalizumab "
                               "mepolizumab benralizumab vedolizumab ocrelizumab "
                               "natalizumab rituximab tocilizumab abatacept denosumab "
                               "erenumab fremanezumab galcanezumab",
    "contraceptives and hormones": "levonorgestrel desogestrel drospirenone norgestimate "
                                   "norethisterone norethindrone ethinylestradiol "
                                   "etonogestrel medroxyprogesterone estradiol progesterone "
                                   "ulipristal testosterone levothyroxine thyroxine "
                                   "liothyronine carbimazole",
    "eye drops": "latanoprost bimatoprost travoprost timolol brimonidine dorzolamide "
                 "brinzolamide atropine cyclopentolate ketotifen olopatadine",
    "inhalers": "salbutamol albuterol levalbuterol beclometasone beclomethasone budesonide "
                "fluticasone formoterol salmeterol vilanterol tiotropium umeclidinium "
                "glycopyrronium ipratropium montelukast",
    "antibiotics and antivirals": "amoxicillin flucloxacillin clarithromycin erythromycin "
                                  "trimethoprim cefalexin ceftriaxone minocycline "
                                  "lymecycline doxycycline nitrofurantoin isoniazid "
                                  "rifampicin oseltamivir valaciclovir aciclovir",
    "other common": "omeprazole lansoprazole ranitidine mebeverine amitriptyline "
                    "nortriptyline co-codamol codeine tramadol naproxen mefenamic "
                    "tranexamic finasteride dutasteride tamsulosin mirabegron solifenacin "
                    "oxybutynin tolterodine alendronate risedronate allopurinol febuxostat "
                    "colchicine varenicline isotretinoin spironolactone prednisone "
                    "prednisolone topiramate sumatriptan levetiracetam carbamazepine "
                    "valproate zopiclone promethazine cinnarizine betahistine "
                    "mesalazine loratadine fexofenadine epinephrine adrenaline glucagon",
}

BRANDS_BY_CLASS: dict[str, str] = {
    "lipids and heart": "Lipitor Crestor Zocor Pravachol Livalo Zetia Vytorin Repatha "
                        "Praluent Leqvio Nexletol Vascepa Entresto Brilinta Effient "
                        "Pradaxa Lixiana Savaysa Clexane Fragmin Ranexa Multaq Lanoxin",
    "blood pressure": "Norvasc Istin Zestril Prinivil Vasotec Altace Tritace Coversyl "
                      "Cozaar Diovan Benicar Micardis Atacand Avapro Toprol Lopressor "
                      "Tenormin Bystolic Cardura Adalat Procardia",
    "mental health": "Zoloft Lustral Prozac Paxil Seroxat Lexapro Cipralex Celexa Cipramil "
                     "Effexor Pristiq Cymbalta Trintellix Brintellix Viibryd Fetzima "
                     "Remeron Wellbutrin Zyban Desyrel Seroquel Abilify Rexulti Vraylar "
                     "Latuda Zyprexa Risperdal Invega Lamictal Buspar Elvanse Vyvanse "
                     "Strattera Intuniv",
    "glp-1 and weight": "Ozempic Wegovy Rybelsus Mounjaro Zepbound Trulicity Victoza "
                        "Saxenda Byetta Bydureon Xenical Alli Qsymia Contrave Mysimba",
    "diabetes": "Jardiance Farxiga Forxiga Invokana Steglatro Synjardy Xigduo Glyxambi "
                "Januvia Janumet Tradjenta Trajenta Onglyza Glucophage Amaryl Lantus Toujeo "
                "Tresiba Levemir Basaglar Humalog Novolog Novorapid Fiasp Humulin",
    "biologics and immune": "Humira Amgevita Hyrimoz Enbrel Benepali Remicade Inflectra "
                            "Stelara Cosentyx Taltz Tremfya Skyrizi Dupixent Xolair Nucala "
                            "Fasenra Entyvio Ocrevus Tysabri Rituxan Actemra Orencia Cimzia "
                            "Simponi Kevzara Otezla Xeljanz Olumiant Rinvoq Prolia Aimovig "
                            "Ajovy Emgality Nurtec Ubrelvy Otrexup Rasuvo Trexall Plaquenil",
    "contraceptives": "Yaz Yasmin Microgynon Rigevidon Cerazette Loestrin Lo-Loestrin "
                      "Ortho-Tricyclen Sprintec Slynd Nextstellis NuvaRing Annovera Xulane "
                      "Twirla Nexplanon Implanon Mirena Kyleena Skyla Liletta Paragard "
                      "Depo-Provera Sayana ellaOne Dianette",
    "eye drops": "Xalatan Lumigan Travatan Timoptic Alphagan Cosopt Trusopt Azopt Combigan "
                 "Restasis Xiidra Pataday Zaditor Systane Refresh",
    "inhalers": "Ventolin ProAir Proventil Xopenex Symbicort Seretide Advair Fostair Trelegy "
                "Breo Relvar Spiriva Qvar Pulmicort Flovent Dulera Anoro Incruse Atrovent "
                "Trimbow Clenil Singulair",
    "vaccines": "Comirnaty Spikevax Novavax Nuvaxovid AstraZeneca Vaxzevria Arexvy Abrysvo "
                "mResvia Beyfortus Prevnar Prevenar Pneumovax Vaxneuvance Bexsero Trumenba "
                "Menveo MenQuadfi Boostrix Adacel Pentacel Pediarix Infanrix Vaxelis "
                "Fluzone Flublok Fluad Flucelvax FluMist Fluenz Shingrix Gardasil Heplisav "
                "Engerix Twinrix Havrix Vaqta Varivax ProQuad Priorix Rotarix RotaTeq",
    "other common": "Champix Chantix Roaccutane Accutane Absorica Epiduo Aldactone "
                    "Propecia Avodart Flomax Vesicare Myrbetriq Detrol Fosamax Zyloprim "
                    "Uloric Keppra Tegretol Epilim Topamax Trileptal Dilantin Imitrex "
                    "Maxalt Zomig Lyrica Neurontin Tramal Ultram Co-codamol Solpadeine "
                    "Nurofen Naprosyn Voltarol Eltroxin Euthyrox Tirosint Levoxyl Cytomel "
                    "Ferinject Venofer Arimidex Femara Aromasin Nolvadex Zoladex Lupron "
                    "Xtandi Zytiga Ibrance Kisqali Verzenio Tagrisso Lynparza Imbruvica "
                    "Keytruda Opdivo Herceptin Avastin EpiPen Jext Auvi-Q Emerade",
}

# unnamed medicines people name by their use: "my blue inhaler", "the coil", "the mini pill"
LAY_MEDICINES = [
    "the pill", "the mini pill", "mini pill", "minipill", "combined pill", "the coil",
    "copper coil", "hormonal coil", "contraceptive implant", "the depo",
    "depo shot", "depo injection", "contraceptive patch",
    "blue inhaler", "brown inhaler", "purple inhaler", "preventer inhaler", "reliever inhaler",
    "steroid inhaler", "glaucoma drops", "steroid drops", "antibiotic drops", "dilating drops",
    "allergy drops", "eye drops", "eyedrops", "ear drops", "nasal spray", "weight loss jab",
    "weight loss injection", "weight loss injections", "fat jab", "skinny jab", "b12 injection",
    "b12 injections", "b12 shots", "iron infusion", "iron tablets", "hrt", "hrt patches",
    "hrt gel", "water tablets", "statin", "statins", "beta blocker", "beta blockers",
    "ace inhibitor", "ssri", "ssris", "snri", "antipsychotic", "antipsychotics",
    "mood stabiliser", "mood stabilizer", "sleeping tablets", "sleeping pills", "thyroid tablets",
    "epi pen", "adrenaline pen", "adrenaline auto-injector", "auto-injector", "morphine patch",
    "fentanyl patch", "pain patch",
]

# implants and operations as people name them ("my metal hip", "after my hernia repair")
LAY_DEVICES_PROCEDURES = [
    "metal hip", "metal-on-metal hip", "hip implant", "artificial hip", "replacement hip",
    "replacement knee", "hip replacement", "knee replacement", "hernia repair", "hernia op",
    "gallbladder op", "knee op", "hip op", "back op", "keyhole surgery", "bunion op",
    "cataract op", "op", "operation", "gastric band", "gastric sleeve", "gastric bypass",
    "breast implant", "breast implants", "boob job", "tummy tuck", "bbl", "c-section",
    "caesarean", "coil fitting", "smear", "scope", "stent", "pacemaker", "spinal fusion",
    "tooth implant", "wisdom teeth removal", "laser eye surgery", "lens replacement",
]

VACCINE_FORMS = [
    "jabs", "boosters", "vaccines", "baby jabs", "baby shots", "baby vaccines", "8 week jabs",
    "12 week jabs", "16 week jabs", "1 year jabs", "one year jabs", "pre-school jabs",
    "preschool boosters", "school jabs", "hpv jab", "flu jab", "flu jabs", "covid jab",
    "covid jabs", "whooping cough jab", "whooping cough vaccine", "rsv jab", "pneumonia jab",
    "shingles jab", "mmr jab", "az jab", "pfizer jab", "moderna jab", "nasal flu spray",
    "yellow fever jab", "travel jabs", "tetanus jab", "2nd booster", "second booster",
    "third dose", "2nd dose", "second dose", "first dose", "1st dose", "immunisation",
    "immunisations", "immunizations", "vaccinations",
]

# symptoms as people write them (the clinical words are in lexicon.HARMS)
LAY_HARMS = [
    # ears, eyes, taste
    "ringing ears", "ears ringing", "ears are ringing", "ears have been ringing",
    "ringing in my ears", "ringing in the ears", "buzzing in my ears", "blurry", "blurred",
    "everything blurry", "can't focus my eyes", "eyes sting", "eyes stinging", "stinging",
    "stings", "red eyes", "bloodshot", "floaters", "flashing lights", "light sensitive",
    "metallic taste", "metal taste", "taste of metal", "tastes like metal",
    "tasting like metal", "tastes like pennies", "tasting like pennies", "taste like pennies",
    "tastes like coins", "lost my taste", "everything tastes",
    # hair, skin
    "hair is falling out", "hair keeps falling out", "hair is coming out", "hair coming out",
    "losing my hair", "losing hair", "bald patches", "bald spot", "hair thinning",
    "itchy skin", "peeling skin", "skin peeling", "sunburn", "burns in the sun",
    "bruise easily", "bruising easily", "dark patches",
    # gut
    "vomit", "vomiting", "puking", "puked", "being sick", "sick every", "throwing up",
    "threw up", "queasy", "nauseated", "sulphur burps", "sulfur burps", "egg burps",
    "constipated", "can't poo", "the runs", "the trots", "stomach issues",
    # breathing, voice, mouth
    "dry cough", "tickly cough", "hacking cough", "cough that won't", "coughing fits",
    "hoarse", "hoarse voice", "lost my voice", "white patches", "oral thrush", "sore mouth",
    "bleeding gums",
    # periods, sex, hormones
    "periods stopped", "period stopped", "periods have stopped", "period has stopped",
    "no period", "no periods", "stopped my periods", "periods are all over",
    "bleeding for weeks", "constant bleeding", "heavy periods", "zero libido", "libido",
    "sex drive is gone", "no sex drive", "mood is all over", "hot flushes",
    # nerves, muscles, energy
    "pins and needles", "dead arm", "arm is dead", "arm's been numb", "arm has been numb",
    "numb arm", "numb hand", "legs like concrete", "legs like lead", "legs like jelly",
    "muscle aches", "muscles ache", "aching legs", "aching muscles", "heavy legs",
    "can barely walk", "can barely climb", "can't climb stairs", "weak legs", "dizzy spells",
    "vertigo", "room spinning", "heart flutters", "fluttering", "skipped beats",
    "skipping beats", "tired all the time", "wiped out", "knackered", "exhausted all the time",
    "constant yawning", "yawning", "sleeping all day", "can't stay awake", "wide awake",
    # heart, sight and waking, as people say them when it is happening
    "heart is going", "heart going like", "heart pounding", "pounding heart", "vision is going",
    "vision going dark", "vision went dark", "going dark", "isn't waking up", "not waking up",
    "barely awake", "can't wake her", "can't wake him", "reacting to", "reacting badly",
    "misfired", "didn't fire", "jammed",
    # mind, sleep
    "bad dreams", "weird dreams", "crazy dreams", "wild dreams", "wildest dreams",
    "vivid dreams", "nightmares", "night terrors", "angry all the time", "crying all day",
    "emotionally flat", "feel flat", "not feeling like myself",
    # weight, swelling
    "weight gain", "gained weight", "put on weight", "piled on weight", "moon face",
    "puffy face", "ozempic face", "ankles like balloons", "swollen ankles", "lips swelled",
    "lips swelled up", "face swelled",
    # babies and fevers
    "high temperature", "temperature of", "temp of", "burning up", "felt really hot",
    "felt hot", "inconsolable", "screamed for hours", "screaming for hours", "cried for hours",
    "crying for hours", "cried nonstop", "crying nonstop", "screaming nonstop",
    "screamed nonstop", "won't settle",
    # implants and devices
    "metal poisoning", "cobalt poisoning", "poisoning", "cobalt levels", "chromium levels",
    "clicking", "grinding",
    # infections after care
    "infection in the wound", "wound infection", "wound got infected", "infected wound",
    "chest infection", "uti", "utis", "thrush infection",
]
