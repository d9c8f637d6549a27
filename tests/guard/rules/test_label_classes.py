# ruff: noqa: E501  (the cases are whole messages, kept on one line each)
"""Label rules by class of phenomenon, on sentences written fresh for each class (issue 4).

Each table holds one class of wording (a complaint told as an error the staff made, an
emergency told by a bystander, an overdose told as a farewell...) in several phrasings, and
hard negatives that share its words (figures of speech, stories from the past, questions,
general information). The rules alone judge them (no label model), so a table fails when a
rule stops generalising, not when the model happens to cover for it.
"""

from __future__ import annotations

import pytest

from tests.guard.rules.helpers import label

# --- complaint ---------------------------------------------------------------------------

COMPLAINT_CLASSES = {
    "nobody attending now": [
        "Been in your ER for an hour with my son screaming and no one is coming to check on him.",
        "I'm on the 4th floor and I can't find a single nurse, my mom needs the bathroom.",
        "Pressed the call button three times, nobody is answering.",
    ],
    "accusation or practice challenged": [
        "Your clinic is lying about the wait times on the website.",
        "Why won't you just refer me to a specialist?! I've asked four times.",
        "Why do your doctors keep ignoring what I tell them about my pain?",
        "You guys are covering this up and everyone knows it.",
    ],
    "clerical or privacy error": [
        "Your front desk put the wrong birth date on my lab order and now the lab won't take it.",
        "The pharmacy gave my dad the wrong label on his inhaler.",
        "You mailed my test results to my old employer. How is that okay?",
        "The email address on my chart isn't even mine, please fix it.",
        "The letter says I had a colonoscopy. Not what I had at all, not what you wrote last time.",
    ],
    "visit or task the staff missed": [
        "The physical therapist skipped our home visit again without telling us.",
        "Your transport team forgot my grandmother at dialysis for two hours.",
        "The visiting nurse has missed three of my mom's appointments this month.",
    ],
    "billing for care never had": [
        "You billed me for a consultation I never had.",
        "I've been double billed for the same MRI.",
        "I'm still being charged for a device I returned in March.",
    ],
    "rudeness told as treatment": [
        "The surgeon talked to me like a child and walked out mid-question.",
        "The nurse lectured me about my weight when I came in for a sprained ankle.",
        "Your receptionist had such an attitude with my elderly father.",
    ],
    "a wait still running": [
        "Sitting in urgent care since 7am with a feverish toddler.",
        "Three weeks and still no word on my biopsy.",
        "Called about the referral, days later and nobody has rung back.",
    ],
    "leaving for good or low rating": [
        "We won't be back. Finding a pediatrician who actually listens.",
        "Taking my family's business elsewhere after this.",
        "0/10, would not bring my dog here, let alone my kids.",
        "If I could give zero stars I would.",
        "Never setting foot in that urgent care again.",
    ],
}
COMPLAINT_NEGATIVES = [
    "Can you fax my records to my lawyer? It's for my disability claim.",
    "Thank you for the 5 stars review reminder, I'll leave one tomorrow!",
    "No one is more grateful than me for the ICU nurses who cared for my wife.",
    "Why do you recommend the flu shot every year? Genuinely curious how it changes.",
    "Is the wrong-site surgery checklist something patients can ask to see?",
    "I lost my prescription on the bus, can I get a replacement?",
    "I've been waiting since 2019 for a clinic like this in our town, so happy you opened!",
    "I missed my appointment yesterday, can I reschedule for next week?",
    "The pharmacist explained my new inhaler really clearly, thanks!",
]


@pytest.mark.parametrize("text", [t for ts in COMPLAINT_CLASSES.values() for t in ts])
def test_complaint_classes(text: str) -> None:
    assert label(text, "complaint", "inbound", "comment")


@pytest.mark.parametrize("text", COMPLAINT_NEGATIVES)
def test_complaint_hard_negatives(text: str) -> None:
    assert not label(text, "complaint", "inbound", "comment")


# --- emergency ---------------------------------------------------------------------------

EMERGENCY_CLASSES = {
    "found down or in shock": [
        "My husband is on the bathroom floor and his lips look grey, he won't answer me.",
        "Grandma slumped over in her chair and she's cold and clammy, what do we do",
        "my roommate's eyes rolled back and now she's barely breathing",
        "We're doing chest compressions on my dad in the driveway, is your ambulance close?",
    ],
    "ambulance or 911 already called": [
        "Called 911 already, my neighbour fell off a ladder and can't move his legs.",
        "The ambulance is bringing my son in now, he hit his head at football. Please have someone ready.",
        "Paramedics are here working on my wife, which entrance should I use?",
    ],
    "trauma now": [
        "My teen daughter was just hit by a bus outside the school, they're taking her to you.",
        "car crash on the highway, my brother is bleeding from his head and confused",
        "my kid nearly drowned at the pool and is coughing and pale right now",
    ],
    "airway swelling": [
        "Ate a cashew ten minutes ago and my throat is swelling, using my epipen now",
        "my son's lips are swelling shut after the bee sting what do i do",
    ],
    "indirect suicidal intent": [
        "Tell my sister I love her. I'm sorry for everything.",
        "I've got the pills lined up on the table. I won't be a burden much longer.",
        "can't take this anymore. please look after my cat for me.",
        "Gave away all my things this week. Going to sleep for good tonight.",
    ],
}
EMERGENCY_NEGATIVES = [
    "I nearly died laughing at your nurse's jokes, thank you for cheering up my mum.",
    "My dad was hit by a car in 2019 and your trauma team saved his life.",
    "Great CPR class last night, everyone should learn chest compressions!",
    "What are the signs that a throat is swelling from an allergy?",
    "The ambulance crew last month were wonderful, please pass on our thanks.",
    "Tell my nurse Jade I love her, best care ever!",
    "Sorry for everything I said on the phone yesterday, I was stressed about the bill.",
    "If someone collapses, call 911 and start CPR.",
]


@pytest.mark.parametrize("text", [t for ts in EMERGENCY_CLASSES.values() for t in ts])
def test_emergency_classes(text: str) -> None:
    assert label(text, "emergency", "inbound", "comment")


@pytest.mark.parametrize("text", EMERGENCY_NEGATIVES)
def test_emergency_hard_negatives(text: str) -> None:
    assert not label(text, "emergency", "inbound", "comment")


# --- adverse event -----------------------------------------------------------------------

ADVERSE_CLASSES = {
    "brand before its dosage form": [
        "Since the Dorvanta shots began I've had two bouts of pneumonia.",
        "The Kelmora patch left a blistering rash on my arm.",
    ],
    "after a numbered dose": [
        "After my second dose of Tessavir I've had a fever and chills for three days.",
        "My son got his first round of Quellix and broke out in hives.",
    ],
    "overdose told any way": [
        "i just took 25 advil and my stomach hurts so bad",
        "Swallowed all of my grandad's oxycodone. It's fine. Tell my kids I love them.",
    ],
}
ADVERSE_NEGATIVES = [
    "Does the Dorvanta injection cause weight gain? Thinking about starting it.",
    "Got my second dose of the flu vaccine today, no side effects at all!",
    "The Kelmora patch finally cleared up my back pain, thank you Dr. Osei.",
    "Our TV was broken for my husband's whole stay after his surgery, please fix it.",
]


@pytest.mark.parametrize("text", [t for ts in ADVERSE_CLASSES.values() for t in ts])
def test_adverse_event_classes(text: str) -> None:
    assert label(text, "adverse_event", "inbound", "comment")


@pytest.mark.parametrize("text", ADVERSE_NEGATIVES)
def test_adverse_event_hard_negatives(text: str) -> None:
    assert not label(text, "adverse_event", "inbound", "comment")


# --- more phrasings per label, written as a second pass over the same classes ------------

MORE_POSITIVES = [
    ('complaint', 'inbound', 'review', 'Front desk lost my insurance card copy AGAIN.'),
    ('complaint', 'inbound', 'review', 'Three months waiting for a callback about my MRI results. Unreal.'),
    ('complaint', 'inbound', 'review', 'My bill shows a $450 facility fee nobody mentioned.'),
    ('complaint', 'inbound', 'review', 'The doctor was on her phone the whole appointment.'),
    ('complaint', 'inbound', 'review', "We were told 20 minutes. It's been two and a half hours."),
    ('complaint', 'inbound', 'review', 'Staff laughed when I asked about the cost. Not cool.'),
    ('complaint', 'inbound', 'review', 'They discharged my father with no meds and no instructions.'),
    ('complaint', 'inbound', 'review', 'Your billing department sent my account to collections while my claim was still pending.'),
    ('complaint', 'inbound', 'review', 'Horrible experience, the nurse never introduced herself and stuck me four times.'),
    ('complaint', 'inbound', 'review', 'I asked for a female provider and was ignored.'),
    ('complaint', 'inbound', 'review', 'The parking garage charged me $28 for a 40 minute visit. Criminal.'),
    ('complaint', 'inbound', 'review', 'Lab results were sent to the wrong patient portal. Who do I talk to about this?'),
    ('complaint', 'inbound', 'review', 'My appointment was cancelled by text 10 minutes before. Thanks a lot.'),
    ('complaint', 'inbound', 'review', 'Nobody told us the surgery was delayed, we sat there all day.'),
    ('complaint', 'inbound', 'review', 'Been on hold 45 min just to refill a prescription.'),
    ('complaint', 'inbound', 'review', "The ER doc didn't even examine him and sent us home. He had appendicitis."),
    ('complaint', 'inbound', 'review', "Your new portal is impossible to use and I can't see my results."),
    ('complaint', 'inbound', 'review', "Still no refund for the cancelled procedure, it's been 8 weeks."),
    ('complaint', 'inbound', 'review', "I'll be filing a formal grievance about how my mother was treated."),
    ('complaint', 'inbound', 'review', 'Worst. Pharmacy. Ever.'),
    ('complaint', 'inbound', 'review', 'Oh sure, take another week to call me back, no rush 🙄'),
    ('complaint', 'inbound', 'review', 'Two stars: nice building, terrible communication.'),
    ('complaint', 'inbound', 'review', "The nurse practitioner didn't wash her hands before examining my baby."),
    ('complaint', 'inbound', 'review', 'Ridiculous that I have to pay to park to see my own dying father.'),
    ('complaint', 'inbound', 'review', 'I was charged twice for the same visit and no one will fix it.'),
    ('emergency', 'inbound', 'comment', 'My husband is slurring his words and one side of his face looks droopy, started 10 minutes ago'),
    ('emergency', 'inbound', 'comment', "I think my daughter swallowed some of my blood pressure pills, she's 3"),
    ('emergency', 'inbound', 'comment', 'my chest feels like an elephant is sitting on it and my left arm is numb'),
    ('emergency', 'inbound', 'comment', "I can't stop shaking and my sugar is 38"),
    ('emergency', 'inbound', 'comment', 'i dont want to be here anymore. i have a plan.'),
    ('emergency', 'inbound', 'comment', "Nobody would even notice if I was gone. I've written the notes."),
    ('emergency', 'inbound', 'comment', "I'm going to take everything in the medicine cabinet tonight"),
    ('emergency', 'inbound', 'comment', "baby has a fever of 105 and is really floppy and won't feed"),
    ('emergency', 'inbound', 'comment', "I'm 34 weeks pregnant and bleeding a lot, what do I do"),
    ('emergency', 'inbound', 'comment', "My friend took something at a party and she's not waking up"),
    ('emergency', 'inbound', 'comment', "My toddler got into the dishwasher pods, he's coughing"),
    ('emergency', 'inbound', 'comment', "I just cut myself pretty deep and it won't stop bleeding"),
    ('emergency', 'inbound', 'comment', "He's having a seizure that's lasted over 5 minutes"),
    ('emergency', 'inbound', 'comment', "My wife can't breathe, her inhaler isn't helping"),
    ('emergency', 'inbound', 'comment', "I'm sitting in my car with the engine running in the garage"),
    ('emergency', 'inbound', 'comment', 'Thinking of jumping tonight, I just wanted someone to know'),
    ('emergency', 'inbound', 'comment', 'my mom is confused and her speech is weird all of a sudden'),
    ('emergency', 'inbound', 'comment', 'i took a handful of xanax and drank, feeling really weird'),
    ('adverse_event', 'inbound', 'comment', 'Ever since my Gardasil shot my daughter has been fainting at school.'),
    ('adverse_event', 'inbound', 'comment', 'Two days after the booster my arm swelled up like a balloon.'),
    ('adverse_event', 'inbound', 'comment', "Started lisinopril last month and now I have this dry cough that won't quit."),
    ('adverse_event', 'inbound', 'comment', 'The new metformin dose has me running to the bathroom all day.'),
    ('adverse_event', 'inbound', 'comment', 'After switching to the generic my seizures came back.'),
    ('adverse_event', 'inbound', 'comment', 'My knee replacement is clicking and it hurts more than before surgery.'),
    ('adverse_event', 'inbound', 'comment', 'Woke up from anesthesia with a chipped tooth.'),
    ('adverse_event', 'inbound', 'comment', 'The contrast dye gave me hives all over.'),
    ('adverse_event', 'inbound', 'comment', 'ended up in the ER after my first dose of the new antibiotic'),
    ('adverse_event', 'inbound', 'comment', 'My son broke out in hives on amoxicillin.'),
    ('adverse_event', 'inbound', 'comment', 'Been on Zoloft 3 weeks and I feel like a zombie.'),
    ('adverse_event', 'inbound', 'comment', 'My grandma got really confused after they gave her the sleeping pill in hospital.'),
    ('adverse_event', 'inbound', 'comment', "Since starting Ozempic I can't keep any food down."),
    ('adverse_event', 'inbound', 'comment', "my IUD perforated my uterus, I'm furious"),
    ('adverse_event', 'inbound', 'comment', 'After the steroid injection in my knee my blood sugar went crazy for a week.'),
    ('adverse_event', 'inbound', 'comment', 'The flu shot left me with a frozen shoulder for months.'),
    ('patient_relationship', 'outbound', 'review_reply', "We're sorry your visit last Thursday didn't meet expectations."),
    ('patient_relationship', 'outbound', 'review_reply', "Our records show you were seen by Dr. Kim, we'll pass on your feedback."),
    ('patient_relationship', 'outbound', 'review_reply', 'As we discussed at your appointment, the results take a week.'),
    ('patient_relationship', 'outbound', 'review_reply', 'Sorry to hear about the wait during your procedure last week.'),
    ('patient_relationship', 'outbound', 'review_reply', "We've forwarded your concerns to the nurse who treated you."),
    ('patient_relationship', 'outbound', 'review_reply', "I spoke with the surgeon who operated on you and she'd like to call."),
    ('patient_relationship', 'outbound', 'review_reply', 'Glad your recovery is going well after the knee surgery!'),
    ('patient_relationship', 'outbound', 'review_reply', 'We checked your chart and the lab did receive your sample.'),
    ('patient_relationship', 'outbound', 'review_reply', 'Thanks for coming in yesterday, we hope the new inhaler helps.'),
    ('patient_relationship', 'outbound', 'review_reply', "We apologize that your prescription wasn't ready when you came to pick it up."),
    ('patient_relationship', 'outbound', 'review_reply', 'Your account has been credited for the duplicate charge.'),
    ('patient_relationship', 'outbound', 'review_reply', 'Your follow-up with Dr. Reyes is on the calendar.'),
    ('patient_relationship', 'outbound', 'review_reply', 'It was a pleasure caring for you during your stay on 5 West.'),
]
MORE_NEGATIVES = [
    ('complaint', 'inbound', 'comment', 'What time does the flu clinic close on Saturday?'),
    ('complaint', 'inbound', 'comment', 'Does my insurance cover the new RSV shot?'),
    ('complaint', 'inbound', 'comment', 'Amazing staff, short wait, would recommend!'),
    ('complaint', 'inbound', 'comment', 'How long does it usually take to get biopsy results?'),
    ('emergency', 'inbound', 'comment', 'My heart skipped a beat when I saw the new baby photos!'),
    ('emergency', 'inbound', 'comment', 'This heat is killing me lol'),
    ('emergency', 'inbound', 'comment', 'What should I do if someone near me has a stroke?'),
    ('emergency', 'inbound', 'comment', 'Last year I had chest pain and your team was wonderful.'),
    ('emergency', 'inbound', 'comment', "I'm dying to know when the new clinic opens"),
    ('adverse_event', 'inbound', 'comment', 'Are there side effects from the shingles vaccine I should know about?'),
    ('adverse_event', 'inbound', 'comment', 'Had my booster today, feeling totally fine!'),
    ('adverse_event', 'inbound', 'comment', 'Is it normal to be tired after a flu shot?'),
    ('patient_relationship', 'outbound', 'review_reply', 'Thank you for your feedback. Please call our patient relations team at 555-0100.'),
    ('patient_relationship', 'outbound', 'review_reply', "We can't discuss anyone's care here, but we'd love to hear from you privately."),
    ('patient_relationship', 'outbound', 'review_reply', "We're sorry to read this. We take every concern seriously; please contact us."),
    ('patient_relationship', 'outbound', 'review_reply', 'Thanks for the kind words about our team!'),
]


@pytest.mark.parametrize(("name", "direction", "context", "text"), MORE_POSITIVES)
def test_more_phrasings_are_found(name: str, direction: str, context: str, text: str) -> None:
    assert label(text, name, direction, context)


@pytest.mark.parametrize(("name", "direction", "context", "text"), MORE_NEGATIVES)
def test_more_hard_negatives_are_left_alone(name: str, direction: str, context: str,
                                            text: str) -> None:
    assert not label(text, name, direction, context)


# --- unsafe claim (outbound posts) ---------------------------------------------------------

CLAIM_CLASSES = {
    "protection without limits": [
        "One visit to our travel clinic and you're fully immune for the whole trip!",
        "Our allergy drops mean your kids will never catch a cold again.",
        "Get the series and you'll be protected for life, guaranteed peace of mind.",
        "With our heart-health program you will never suffer a stroke.",
    ],
    "every germ or disease gone": [
        "Our UV sauna kills all viruses in your body.",
        "Chelation at our clinic reverses kidney disease naturally.",
        "Hyperbaric sessions eliminate tinnitus in only three visits.",
        "This tea gets rid of every toxin and parasite.",
    ],
    "proven care made needless": [
        "With our vitamin IV drips there's no need for antibiotics this winter.",
        "Skip the flu shot: our elderberry gummies have you covered.",
        "Try our herbal tonic instead of your inhaler.",
        "No more insulin needed after our 12-week reset!",
    ],
    "safe for every child": [
        "Our new melatonin chews are safe for kids!",
        "Toddlers can safely use our numbing cream before shots.",
    ],
    "staff testimonial of daily use": [
        "Our whole team takes Vireon every morning, you should too!",
        "All of us here swear by it daily.",
    ],
    "FDA named for what it does not approve": [
        "Our FDA-approved detox supplement is back in stock!",
        "Shop our FDA certified herbal formula for joint health.",
    ],
    "weight loss with a date and comparisons with proven care": [
        "Patients lose 25 lbs in 3 weeks on our program!",
        "Our cold plunge works better than antidepressants.",
        "Acupuncture is safer than surgery for a torn ACL.",
    ],
}
CLAIM_NEGATIVES = [
    "No vaccine protects completely, but the flu shot lowers your risk of hospitalisation.",
    "Antibiotics don't work on colds or flu; rest and fluids help most people recover.",
    "Hand sanitizer kills most germs, but washing with soap is best when hands are dirty.",
    "The flu vaccine is safe for children 6 months and older.",
    "Chemotherapy kills cancer cells, and our oncology nurses help manage side effects.",
    "Statins help prevent heart attacks in people at high risk; ask your doctor if they fit you.",
    "Ask your pharmacist before taking supplements instead of your prescribed medicine.",
    "Sunscreen every day, even when it's cloudy!",
    "Our nurses walk 10,000 steps a day, join them at the hospital 5K!",
]


@pytest.mark.parametrize("text", [t for ts in CLAIM_CLASSES.values() for t in ts])
def test_unsafe_claim_classes(text: str) -> None:
    assert label(text, "unsafe_claim", "outbound", "post")


@pytest.mark.parametrize("text", CLAIM_NEGATIVES)
def test_unsafe_claim_hard_negatives(text: str) -> None:
    assert not label(text, "unsafe_claim", "outbound", "post")


# --- replies that slip care, individual advice, myths: a third pass --------------------------

THIRD_POSITIVES = [
    ('patient_relationship', 'outbound', 'reply', 'You can take an extra half tablet while you wait to see Dr. Okafor next week.'),
    ('patient_relationship', 'outbound', 'reply', 'Dr. Lin will go over the scan with you at your follow-up.'),
    ('patient_relationship', 'outbound', 'reply', "We've let the pharmacy know your dose changed."),
    ('patient_relationship', 'outbound', 'reply', 'Our billing team is looking into the charge from your ER visit.'),
    ('patient_relationship', 'outbound', 'reply', 'The lab confirmed they received your sample this morning.'),
    ('patient_relationship', 'outbound', 'reply', "Sorry the anesthesia left you so nauseous, that's not the experience we want."),
    ('patient_relationship', 'outbound', 'reply', "Hope you're feeling better since we saw you on Monday!"),
    ('patient_relationship', 'outbound', 'reply', 'Your nurse mentioned you were worried about the stitches.'),
    ('patient_relationship', 'outbound', 'reply', "We're glad Dr. Ahmed could fit you in on short notice."),
    ('patient_relationship', 'outbound', 'reply', 'Sorry we kept you waiting in the lobby for so long yesterday.'),
    ('medical_advice', 'outbound', 'reply', '@kim_r since your fever is over 102, double up on the ibuprofen tonight.'),
    ('medical_advice', 'outbound', 'reply', 'You should stop the metformin until your stomach settles.'),
    ('medical_advice', 'outbound', 'reply', "Your son's rash sounds like eczema, try hydrocortisone twice a day."),
    ('medical_advice', 'outbound', 'reply', "Based on what you describe, that's probably a sprain; ice it and keep taking 600mg ibuprofen."),
    ('medical_advice', 'outbound', 'reply', 'Sounds like you need a higher dose, try two puffs instead of one.'),
    ('medical_advice', 'outbound', 'reply', "Your daughter's strep test came back positive, start the amoxicillin tonight."),
    ('misinformation', 'inbound', 'comment', 'Vaccinated people shed spike proteins that make everyone around them sick.'),
    ('misinformation', 'inbound', 'comment', 'Breast milk from vaccinated moms is poison, everyone knows it.'),
    ('misinformation', 'inbound', 'comment', "Fluoride in the water lowers kids' IQ, that's a fact."),
    ('misinformation', 'inbound', 'comment', 'Sunscreen causes more cancer than the sun does.'),
    ('misinformation', 'inbound', 'comment', "HIV doesn't cause AIDS, it's the drugs that do."),
    ('misinformation', 'inbound', 'comment', 'Cancer is just a fungus and baking soda cures it.'),
    ('misinformation', 'inbound', 'comment', 'Covid was never real, hospitals were empty.'),
]
THIRD_NEGATIVES = [
    ('patient_relationship', 'outbound', 'reply', "We can't discuss anyone's care online. Please call us at 555-0100."),
    ('patient_relationship', 'outbound', 'reply', 'Flu shots are available at every location, no appointment needed.'),
    ('patient_relationship', 'outbound', 'reply', 'Thanks for the question! Most patients wait about a week for biopsy results.'),
    ('medical_advice', 'outbound', 'reply', "Adults should get a flu shot every year; ask your doctor what's right for you."),
    ('medical_advice', 'outbound', 'reply', "We can't give medical advice here, please call your provider."),
    ('medical_advice', 'outbound', 'reply', 'Ibuprofen can upset the stomach; our pharmacists are happy to answer questions.'),
    ('misinformation', 'inbound', 'comment', "Is it true that vaccinated moms can't breastfeed? Asking for my sister."),
    ('misinformation', 'inbound', 'comment', "People keep saying fluoride lowers IQ, that's not true right?"),
    ('misinformation', 'inbound', 'comment', "My aunt thinks sunscreen causes cancer lol, she's wrong."),
    ("patient_relationship", "outbound", "post", "Feeling unwell? We can fit you in for a same-day visit at any location."),
]


@pytest.mark.parametrize(("name", "direction", "context", "text"), THIRD_POSITIVES)
def test_third_pass_is_found(name: str, direction: str, context: str, text: str) -> None:
    assert label(text, name, direction, context)


@pytest.mark.parametrize(("name", "direction", "context", "text"), THIRD_NEGATIVES)
def test_third_pass_negatives_are_left_alone(name: str, direction: str, context: str,
                                             text: str) -> None:
    assert not label(text, name, direction, context)


# --- the brief's classes once more: ratings, lost results, 2nd doses, testimonials ----------

FOURTH_POSITIVES = [
    ('complaint', 'inbound', 'review', '⭐️ One star. The front desk lost my lab results twice.'),
    ('complaint', 'inbound', 'review', '⭐☆☆☆☆ would not recommend'),
    ('complaint', 'inbound', 'review', '1/5. Billing is a nightmare.'),
    ('complaint', 'inbound', 'review', 'My results got lost between your lab and my doctor, now I have to get stuck again.'),
    ('complaint', 'inbound', 'review', 'I paid my copay at the desk and got a bill for it anyway.'),
    ('complaint', 'inbound', 'review', "Your insurance coordinator told me it was covered. It wasn't. $2,300."),
    ('complaint', 'inbound', 'review', 'The nurse was short with me and rolled her eyes when I asked a question.'),
    ('complaint', 'inbound', 'review', 'Waited 6 weeks for an appointment only to be told the doctor was out.'),
    ('complaint', 'inbound', 'review', 'Every time I call I get a different answer about my referral.'),
    ('complaint', 'inbound', 'review', "So the X-ray machine was 'down' for 3 hours and nobody thought to tell the waiting room?"),
    ('complaint', 'inbound', 'review', 'It took four calls to get a simple refill sent.'),
    ('complaint', 'inbound', 'review', 'Great, my surgery got bumped for the third time. Fantastic planning.'),
    ('complaint', 'inbound', 'review', 'Dr. Vance spent 5 minutes with me and charged $400.'),
    ('complaint', 'inbound', 'review', 'I was never told the anesthesiologist was out of network.'),
    ('adverse_event', 'inbound', 'comment', 'after my 2nd dose of Shingrix I was in bed for three days with a fever'),
    ('adverse_event', 'inbound', 'comment', 'My son broke out in hives on amoxicillin last night'),
    ('adverse_event', 'inbound', 'comment', 'Ended up in the ER after the new blood thinner, I was bleeding from my gums.'),
    ('adverse_event', 'inbound', 'comment', 'Got the Nexavia implant in June and my arm has been numb ever since.'),
    ('adverse_event', 'inbound', 'comment', 'The prednisone you gave me has me awake all night and my face is puffy.'),
    ('adverse_event', 'inbound', 'comment', 'Started the new birth control pill and the migraines are back every day.'),
    ('adverse_event', 'inbound', 'comment', "My mom's new eye drops made her eyes red and swollen."),
    ('adverse_event', 'inbound', 'comment', 'Since the epidural I have a pounding headache whenever I sit up.'),
    ('emergency', 'inbound', 'comment', "help my son can't breathe and his lips are blue"),
    ('emergency', 'inbound', 'comment', 'My 4 year old swallowed a magnet, maybe 2 of them'),
    ('emergency', 'inbound', 'comment', 'My wife has sudden crushing chest pain and is sweating a lot'),
    ('emergency', 'inbound', 'comment', 'im not safe tonight'),
    ('emergency', 'inbound', 'comment', 'I keep thinking everyone would be better off if I just disappeared for good'),
    ('emergency', 'inbound', 'comment', 'I took all of my sleeping pills about an hour ago'),
    ('emergency', 'inbound', 'comment', "Dad's face is drooping on one side and he can't lift his arm"),
    ('emergency', 'inbound', 'comment', 'Baby fell off the bed and is very sleepy and throwing up'),
    ('patient_relationship', 'outbound', 'review_reply', "Our records show your last visit was in 2022, so you'll need a new referral."),
    ('patient_relationship', 'outbound', 'review_reply', "We're sorry your procedure last week ran late."),
    ('patient_relationship', 'outbound', 'review_reply', "Thanks for your patience during your colonoscopy prep, we know it's tough!"),
    ('patient_relationship', 'outbound', 'review_reply', "We've shared your note with Dr. Park, who was your surgeon."),
    ('patient_relationship', 'outbound', 'review_reply', "I see you've been coming to us since 2015 and we appreciate your loyalty."),
    ('patient_relationship', 'outbound', 'review_reply', 'We hope your little one is feeling better after the stitches.'),
    ('unsafe_claim', 'outbound', 'post', '"I was off my blood pressure meds in 2 weeks!" - real patient testimonial. Book now!'),
    ('unsafe_claim', 'outbound', 'post', "Our laser is FDA approved, so it's 100% safe for everyone."),
    ('unsafe_claim', 'outbound', 'post', 'Say goodbye to back pain forever with one adjustment.'),
    ('unsafe_claim', 'outbound', 'post', 'Guaranteed results or your money back on all weight loss injections!'),
    ('unsafe_claim', 'outbound', 'post', 'Our IV vitamin drips boost immunity so you never get sick.'),
    ('unsafe_claim', 'outbound', 'post', 'Our keto program reverses type 2 diabetes in 30 days.'),
]
FOURTH_NEGATIVES = [
    ('complaint', 'inbound', 'review', '⭐⭐⭐⭐⭐ Dr. Vance is the best, 5 stars!'),
    ('complaint', 'inbound', 'review', 'Where do I leave a 5 star review?'),
    ('complaint', 'inbound', 'review', 'I lost my results letter, can you resend it to my portal?'),
    ('adverse_event', 'inbound', 'comment', "Will amoxicillin give my son hives if he's allergic to penicillin?"),
    ('adverse_event', 'inbound', 'comment', 'After my 2nd dose I felt completely fine, thanks for the smooth clinic!'),
    ('emergency', 'inbound', 'comment', "I can't breathe without my coffee in the morning lol"),
    ('emergency', 'inbound', 'comment', 'My son swallowed his pride and apologized to the nurse, proud mom!'),
    ('emergency', 'inbound', 'comment', "I'm not safe driving at night since my cataract, when can I get the surgery?"),
    ('unsafe_claim', 'outbound', 'post', 'The shingles vaccine is over 90% effective at preventing shingles in adults 50+.'),
    ('unsafe_claim', 'outbound', 'post', 'Every procedure has risks; talk with your surgeon about yours.'),
    ('unsafe_claim', 'outbound', 'post', 'Our new laser is FDA-cleared for the treatment of plantar warts.'),
    ("complaint", "inbound", "comment", "I got lost finding the MRI suite but a volunteer walked me there, thank you!"),
    ("emergency", "inbound", "comment", "This meeting is so boring I'm dying 😂"),
]


@pytest.mark.parametrize(("name", "direction", "context", "text"), FOURTH_POSITIVES)
def test_fourth_pass_is_found(name: str, direction: str, context: str, text: str) -> None:
    assert label(text, name, direction, context)


@pytest.mark.parametrize(("name", "direction", "context", "text"), FOURTH_NEGATIVES)
def test_fourth_pass_negatives_are_left_alone(name: str, direction: str, context: str,
                                              text: str) -> None:
    assert not label(text, name, direction, context)


# --- benign texts that share the complaint classes' words ---------------------------------

BENIGN_WITH_GRIEVANCE_WORDS = [
    "We waited about 20 minutes, totally reasonable for a Saturday.",
    "My results were lost in my email spam folder, found them, all good!",
    "The doctor was running late but apologized and took her time with us.",
    "Why do you close the pharmacy at 6? Just curious, I work late.",
    "I can't find the billing phone number on your website, can you post it?",
]


@pytest.mark.parametrize("text", BENIGN_WITH_GRIEVANCE_WORDS)
def test_benign_texts_with_grievance_words(text: str) -> None:
    assert not label(text, "complaint", "inbound", "comment")


# --- British and other Englishes, and direct messages: a fifth pass ------------------------

FIFTH_POSITIVES = [
    ('complaint', 'inbound', 'review', 'Rang the surgery 40 times this morning, engaged every time. Shocking.'),
    ('complaint', 'inbound', 'review', 'A&E was heaving and the triage nurse was properly rude to my nan.'),
    ('complaint', 'inbound', 'review', 'Been chasing my hospital letter for a month, absolutely useless.'),
    ('complaint', 'inbound', 'review', "The consultant didn't turn up to clinic and nobody rang to cancel."),
    ('complaint', 'inbound', 'review', 'Very poor experience, kept waiting 3 hrs without any update.'),
    ('complaint', 'inbound', 'review', 'I was made to wait outside in the rain for my covid test.'),
    ('complaint', 'inbound', 'review', 'The bill is wrong and your billing office keeps transferring me.'),
    ('complaint', 'inbound', 'review', "They gave my appointment slot to someone else and didn't even tell me."),
    ('complaint', 'inbound', 'review', 'Receptionist hung up on me. Twice.'),
    ('complaint', 'inbound', 'review', "I've complained twice about the noise on the ward and nothing changes."),
    ('complaint', 'inbound', 'review', 'How is it acceptable that my 80 year old father sat in a corridor for 9 hours?'),
    ('complaint', 'inbound', 'review', 'Four hours for a prescription that was supposedly ready. Never again.'),
    ('emergency', 'inbound', 'dm_request', "my friend isn't breathing properly after taking something at a party, what do we do"),
    ('emergency', 'inbound', 'dm_request', "I've taken an overdose"),
    ('emergency', 'inbound', 'dm_request', 'my husband is threatening to kill himself and has a knife'),
    ('emergency', 'inbound', 'dm_request', 'My baby is turning blue and making grunting noises'),
    ('emergency', 'inbound', 'dm_request', "I think I'm having a heart attack, my jaw and arm hurt and I'm sweating"),
    ('emergency', 'inbound', 'dm_request', "she's bleeding really heavily after giving birth at home"),
    ('emergency', 'inbound', 'dm_request', "I can't stop vomiting blood"),
    ('emergency', 'inbound', 'dm_request', "Mum collapsed and isn't responding, ambulance on the way"),
    ('emergency', 'inbound', 'dm_request', "I'm going to end my life tonight"),
    ('emergency', 'inbound', 'dm_request', "my son is having an asthma attack and the inhaler isn't working"),
    ('adverse_event', 'inbound', 'comment', "Since I started on Lexapro I've had terrible night sweats"),
    ('adverse_event', 'inbound', 'comment', "My dad's been really confused since they started him on the new sleeping tablets"),
    ('adverse_event', 'inbound', 'comment', 'Had a reaction to the contrast, came up in welts all over'),
    ('adverse_event', 'inbound', 'comment', "The Mirena insertion was agony and I've been bleeding for 3 weeks"),
    ('adverse_event', 'inbound', 'comment', 'My daughter fainted straight after her HPV jab'),
    ('adverse_event', 'inbound', 'comment', "After the hip replacement my leg feels shorter and I'm limping"),
]
FIFTH_NEGATIVES = [
    ("complaint", "inbound", "comment", "Had to wait a bit for the flu shot but the nurse was lovely."),
    ("complaint", "inbound", "comment", "Nothing has changed since my last visit, I feel great."),
    ("emergency", "inbound", "comment", "My grandad took an overdose years ago and your team saved him, forever grateful."),
    ("emergency", "inbound", "comment", "Is bleeding a lot after a tooth extraction normal the next day? It's stopped now."),
    ("adverse_event", "inbound", "comment", "After my hip replacement I'm walking without a limp for the first time in years!"),
]


@pytest.mark.parametrize(("name", "direction", "context", "text"), FIFTH_POSITIVES)
def test_fifth_pass_is_found(name: str, direction: str, context: str, text: str) -> None:
    assert label(text, name, direction, context)


@pytest.mark.parametrize(("name", "direction", "context", "text"), FIFTH_NEGATIVES)
def test_fifth_pass_negatives_are_left_alone(name: str, direction: str, context: str,
                                             text: str) -> None:
    assert not label(text, name, direction, context)


# --- benign outbound posts and replies, excited or not: no label at all --------------------

BENIGN_OUTBOUND = [
    ("post", "Flu shots are here! Walk in any weekday 8-5."),
    ("post", "Meet Dr. Alvarez, our new cardiologist, who joins us from Boston!"),
    ("post", "Heat wave tips: drink water, stay in the shade, and check on neighbours."),
    ("post", "We're hiring nurses for our night shift! Apply online."),
    ("post", "Most colds clear up in a week to ten days; rest and fluids help."),
    ("post", "Free blood pressure checks at the farmers market this Saturday!"),
    ("post", "Screening colonoscopies start at 45 for most adults; ask your doctor."),
    ("post", "Our new MRI suite opens Monday with quieter, faster scans!"),
    ("post", "Happy National Nurses Week to our incredible nursing staff!"),
    ("post", "Our lab now offers Saturday hours for blood draws, 8am to noon!"),
    ("post", "Join us for a free diabetes education class on Tuesday at 6pm!"),
    ("post", "Seasonal allergies? Our pharmacists can help you choose an over-the-counter option."),
    ("post", "Sunscreen helps prevent skin cancer, so reapply every two hours outdoors!"),
    ("post", "Happy Friday, everyone! Stay safe this weekend."),
    ("post", "Congratulations to our Class of 2026 nursing residents!"),
    ("post", "Thank you to everyone who joined our 5K for the children's wing!"),
    ("post", "Great turnout at today's community health fair, thank you all!"),
    ("post", "Masks are available at every entrance for anyone who wants one."),
    ("reply", "Thanks for the kind words! We'll share them with the whole team!"),
    ("reply", "Great question! Our walk-in clinic is open until 8pm on weekdays."),
]


@pytest.mark.parametrize(("context", "text"), BENIGN_OUTBOUND)
def test_benign_outbound_has_no_label(context: str, text: str) -> None:
    from tests.guard.rules.helpers import run

    labels = run(text, "outbound", context).labels  # rules and the label model together
    assert not any(labels.values()), sorted(k for k, v in labels.items() if v)


# --- classes the label model used to carry alone: now rules too ----------------------------

SIXTH_POSITIVES = [
    ("unsafe_claim", "outbound", "post", "Our custom insoles fix knee pain 100% of the time."),
    ("unsafe_claim", "outbound", "post", "Not a single patient has ever reported scarring after our laser peels."),
    ("unsafe_claim", "outbound", "post", "We can clear your child's eczema without steroids or prescriptions!"),
    ("patient_relationship", "outbound", "reply", "Your ultrasound on the 14th looked great, see you soon!"),
    ("patient_relationship", "outbound", "reply", "We passed your thanks to the nurses in the NICU who looked after your twins."),
    ("medical_advice", "outbound", "reply", "She's about 20 kg, so give her 10 ml of the children's paracetamol."),
    ("medical_advice", "outbound", "reply", "Since your sugars are high, go ahead and increase the evening dose."),
    ("complaint", "inbound", "comment", "The pressure sores my mum developed on your ward were horrendous."),
    ("complaint", "inbound", "comment", "Got a collections notice for a bill my insurer already paid."),
    ("adverse_event", "inbound", "comment", "Took the first Veltrin tablet and my heart's racing and I feel faint."),
    ("misinformation", "inbound", "comment", "Oregano oil works better than antibiotics for any infection."),
    ("misinformation", "inbound", "comment", "Statins are just sugar pills with side effects."),
    ("misinformation", "inbound", "comment", "A fever should never be brought down, it's the body healing itself."),
]
SIXTH_NEGATIVES = [
    ("unsafe_claim", "outbound", "post", "Many ear infections clear up without antibiotics; ask your pediatrician."),
    ("unsafe_claim", "outbound", "post", "Complications are rare, and our surgeons talk through every risk with you."),
    ("patient_relationship", "outbound", "post", "Your annual mammogram is one of the best ways to catch cancer early."),
    ("medical_advice", "outbound", "post", "Dosing for children's medicines depends on weight; ask your pharmacist."),
    ("complaint", "inbound", "comment", "How do I prevent bedsores when caring for my dad at home?"),
    ("misinformation", "inbound", "comment", "Is oregano oil better than antibiotics? My aunt swears by it."),
]


@pytest.mark.parametrize(("name", "direction", "context", "text"), SIXTH_POSITIVES)
def test_sixth_pass_is_found(name: str, direction: str, context: str, text: str) -> None:
    assert label(text, name, direction, context)


@pytest.mark.parametrize(("name", "direction", "context", "text"), SIXTH_NEGATIVES)
def test_sixth_pass_negatives_are_left_alone(name: str, direction: str, context: str,
                                             text: str) -> None:
    assert not label(text, name, direction, context)


def test_a_harm_asked_about_and_absent_is_not_an_event() -> None:
    text = "Is a rash a normal side effect of amoxicillin? My kid doesn't have one, just curious."
    assert not label(text, "adverse_event", "inbound", "comment")
    assert label("Is a rash normal on amoxicillin? My kid has one all over his belly.",
                 "adverse_event", "inbound", "comment")


# --- complaints said indirectly: rhetorical questions, giving up, harm or confusion in care ---

SEVENTH_POSITIVES = [
    ('complaint', 'inbound', 'comment', 'How hard is it to return a phone call?'),
    ('complaint', 'inbound', 'comment', 'Is anyone actually reading these messages?'),
    ('complaint', 'inbound', 'comment', 'Apparently my referral was never sent. Good to know after 6 weeks.'),
    ('complaint', 'inbound', 'comment', 'I give up trying to get an appointment with your dermatology department.'),
    ('complaint', 'inbound', 'comment', "So much for 'patient-centered care'."),
    ('complaint', 'inbound', 'comment', "What's the point of an online portal if nobody answers the messages?"),
    ('complaint', 'inbound', 'comment', 'Second opinion elsewhere found what your doctors missed.'),
    ('complaint', 'inbound', 'comment', "Your hospital food made my dad sick, he couldn't eat for two days."),
    ('complaint', 'inbound', 'comment', 'Nobody could tell us where my mother had been moved to.'),
    ('complaint', 'inbound', 'comment', 'The discharge nurse gave us the wrong instructions and we ended up back in the ER.'),
    ('complaint', 'inbound', 'comment', "I've asked three different people and got three different answers."),
    ('complaint', 'inbound', 'comment', 'My elderly mother was left in a wet bed overnight.'),
    ('complaint', 'inbound', 'comment', "Can't believe I had to pay $60 for parking during my son's chemo."),
    ('complaint', 'inbound', 'comment', 'You charged my card without asking.'),
    ('complaint', 'inbound', 'comment', 'The doctor never showed up, we were sent home after 4 hours.'),
    ('complaint', 'inbound', 'comment', "Your pharmacy gave my son someone else's prescription."),
    ('complaint', 'inbound', 'comment', 'Why is it impossible to talk to a real person?'),
    ('complaint', 'inbound', 'comment', 'Seriously considering switching to another hospital after this.'),
]
SEVENTH_NEGATIVES = [
    ('complaint', 'inbound', 'comment', "How hard is it to get a flu shot at your pharmacy? I've never done it before."),
    ('complaint', 'inbound', 'comment', 'Is anyone available to answer a question about visiting hours?'),
    ('complaint', 'inbound', 'comment', "What's the point of a colonoscopy if I have no symptoms? Genuinely asking."),
    ('complaint', 'inbound', 'comment', 'Nobody could have been kinder than the night nurses.'),
    ("complaint", "inbound", "comment", "Thank you so much for the flowers on my mum's 90th!"),
    ("complaint", "inbound", "comment", "So much for the rain, sunny walk to my appointment today!"),
    ("complaint", "inbound", "comment", "I can't believe how fast my recovery has been, thank you."),
]


@pytest.mark.parametrize(("name", "direction", "context", "text"), SEVENTH_POSITIVES)
def test_seventh_pass_is_found(name: str, direction: str, context: str, text: str) -> None:
    assert label(text, name, direction, context)


@pytest.mark.parametrize(("name", "direction", "context", "text"), SEVENTH_NEGATIVES)
def test_seventh_pass_negatives_are_left_alone(name: str, direction: str, context: str,
                                               text: str) -> None:
    assert not label(text, name, direction, context)


# --- adverse events and emergencies once more: stopping, withdrawal, devices, kin -----------

EIGHTH_POSITIVES = [
    ('adverse_event', 'inbound', 'comment', "Had to stop the atorvastatin because my legs ached so badly I couldn't climb stairs."),
    ('adverse_event', 'inbound', 'comment', 'Coming off Effexor has given me brain zaps and dizziness for a week.'),
    ('adverse_event', 'inbound', 'comment', 'My toddler has had diarrhea every day since starting the Augmentin you prescribed.'),
    ('adverse_event', 'inbound', 'comment', 'Two weeks after my knee injection the joint is hot and swollen.'),
    ('adverse_event', 'inbound', 'comment', 'The new insulin pen gave me a huge bruise and my sugars dropped to 45.'),
    ('adverse_event', 'inbound', 'comment', "My mum's pacemaker keeps shocking her for no reason."),
    ('adverse_event', 'inbound', 'comment', "my vision went blurry after the eye drops and it still hasn't cleared"),
    ('adverse_event', 'inbound', 'comment', "the HPV shot knocked my daughter out, she's had a fever of 102 since yesterday"),
    ('adverse_event', 'inbound', 'comment', "ever since the vasectomy I've had a constant ache"),
    ('adverse_event', 'inbound', 'comment', 'Woke up with my whole face swollen the morning after my first Botox session.'),
    ('adverse_event', 'inbound', 'comment', 'The lamotrigine gave me a rash all over my chest.'),
    ('adverse_event', 'inbound', 'comment', "Dad's been having nightmares and hallucinations since the new Parkinson's med."),
    ('emergency', 'inbound', 'comment', 'my girlfriend just took a bunch of pills and locked herself in the bathroom'),
    ('emergency', 'inbound', 'comment', "There's a man collapsed outside your pharmacy, he's not moving"),
    ('emergency', 'inbound', 'comment', "My son has a high fever and a rash that doesn't fade under a glass"),
    ('emergency', 'inbound', 'comment', "Grandpa's lips are blue and he's gasping"),
    ('emergency', 'inbound', 'comment', "i'm having the worst headache of my life and i threw up twice"),
    ('emergency', 'inbound', 'comment', "My daughter's EpiPen didn't work and her face is swelling"),
]
EIGHTH_NEGATIVES = [
    ('adverse_event', 'inbound', 'comment', 'Stopped the atorvastatin because my cholesterol is finally normal!'),
    ('adverse_event', 'inbound', 'comment', "Does coming off Effexor cause brain zaps? I'm planning to taper next month."),
    ('adverse_event', 'inbound', 'comment', "My knee injection worked wonders, I'm back to hiking."),
    ('emergency', 'inbound', 'comment', "What does a rash that doesn't fade under a glass mean? Reading about meningitis."),
    ('emergency', 'inbound', 'comment', 'Last year my son had a febrile seizure and your ER was amazing.'),
    ("adverse_event", "inbound", "comment", "The new cream cleared up my eczema, thanks!"),
]


@pytest.mark.parametrize(("name", "direction", "context", "text"), EIGHTH_POSITIVES)
def test_eighth_pass_is_found(name: str, direction: str, context: str, text: str) -> None:
    assert label(text, name, direction, context)


@pytest.mark.parametrize(("name", "direction", "context", "text"), EIGHTH_NEGATIVES)
def test_eighth_pass_negatives_are_left_alone(name: str, direction: str, context: str,
                                              text: str) -> None:
    assert not label(text, name, direction, context)
