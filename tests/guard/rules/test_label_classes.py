# ruff: noqa: E501  (the cases are whole messages, kept on one line each)
"""Label rules by class of phenomenon, on sentences written fresh for each class.

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
