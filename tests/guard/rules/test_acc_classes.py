# ruff: noqa: E501  (the cases are whole messages, kept on one line each)
"""One label at a time, on messages written fresh for the classes a private corpus found failing.

Written by hand without looking at any corpus: adverse events told casually with common
generics and brands and lay symptoms, procedure and implant complications; indirect suicide
signs, overdoses with alcohol, heart attacks happening now; outbound cure and guarantee
claims, off-label promotion, prescription drugs without a diagnosis, testimonials without fair
balance; requests for help that mention a problem (not complaints) against dissatisfaction
said without the usual words; myths stated against myths asked about, debunked or reported
with disapproval; outbound replies that reveal care without a name against replies that
confirm nothing. Each row names the one label it checks; the others are left to their own
tests. The label model never trains on this file (scripts/train_label_model.py), so it stays
a held-out check of the rules and the model together.
"""

from __future__ import annotations

import pytest

from carepost.guard import check

Row = tuple[str, str, str, bool]  # (context, text, label, expected) ; direction from the table

AE = "adverse_event"
EM = "emergency"
CO = "complaint"
MI = "misinformation"
UC = "unsafe_claim"
PR = "patient_relationship"

INBOUND: list[tuple[str, str, str, bool]] = [
    # adverse events: common drugs, lay effects, casual phrasing
    ("comment", "two weeks on lisinopril and this dry tickly cough will not quit", AE, True),
    ("comment", "is anyone else's mouth tasting like pennies since switching to metformin", AE, True),
    ("comment", "rosuvastatin turned my calves into bricks, can barely climb stairs", AE, True),
    ("comment", "Mounjaro has me throwing up every morning, week 3 now", AE, True),
    ("comment", "the sertraline gives me the wildest nightmares, woke up screaming twice", AE, True),
    ("comment", "my periods just stopped after I got the Depo shot", AE, True),
    ("review", "Since starting Farxiga I keep getting UTIs, third one this month", AE, True),
    ("comment", "started losartan monday and my ankles are like balloons", AE, True),
    ("comment", "my son's lips swelled up within an hour of the amoxicillin", AE, True),
    ("comment", "my hair is coming out in handfuls, 6 weeks into methotrexate", AE, True),
    ("comment", "those new glaucoma drops make my eyes sting and go red for hours", AE, True),
    ("comment", "escitalopram = zero libido and constant yawning. fun", AE, True),
    ("comment", "the Humira injections and now I've got a chest infection that won't shift", AE, True),
    ("comment", "after my Covid booster my arm has been tingling and weak for 5 days", AE, True),
    ("comment", "my daughter came out in a rash all over her tummy the day after her MMR", AE, True),
    ("comment", "baby cried nonstop for 6 hours after his 8 week jabs and felt really hot", AE, True),
    ("comment", "Symbicort inhaler has given me a hoarse voice and white patches in my mouth", AE, True),
    ("review", "Got an infection in the wound after my gallbladder op and no one warned me it could happen", AE, True),
    ("comment", "my knee replacement has been clicking and swelling for months", AE, True),
    ("comment", "my cobalt levels are through the roof thanks to this metal hip", AE, True),
    ("comment", "put on 9 kilos since the doctor started me on quetiapine", AE, True),
    ("comment", "the new pill makes me so dizzy I nearly fell over at work", AE, True),
    ("comment", "is blurry vision a normal thing after cataract surgery? mine's worse every day", AE, True),
    ("dm_request", "my mum's been confused and seeing things since the hospital upped her oxybutynin", AE, True),
    ("comment", "ozempic face is real, I look ten years older and the constipation is brutal", AE, True),
    # adverse-event hard negatives
    ("comment", "Is my insulin pump one of the models in the recall? The serial starts with 44", AE, False),
    ("comment", "what are the common side effects of amlodipine before I start it?", AE, False),
    ("comment", "vaccines cause autism, everyone knows it, my cousin's boy changed after his jabs", AE, False),
    ("comment", "my dad is in for his dialysis session Tuesday, what time does visiting start?", AE, False),
    ("comment", "homeopathy is a waste of money imo, sugar pills and nothing else", AE, False),
    ("comment", "Thank you! The new inhaler has made such a difference, no more night coughing", AE, False),
    ("comment", "Does the shingles vaccine hurt more than the flu shot?", AE, False),
    ("comment", "I have a headache from this heat, is the walk-in open today?", AE, False),
    # emergencies: indirect suicide signs, overdose with alcohol, heart attacks now
    ("comment", "I've found homes for my cats and cancelled my phone contract. thank you all for being kind to me these last months", EM, True),
    ("dm_request", "I've written letters to my kids and put them in the drawer. I won't be here for the weekend", EM, True),
    ("comment", "swallowed most of a pack of paracetamol with a bottle of wine an hour ago, feel sleepy", EM, True),
    ("comment", "my husband took a handful of his pain pills and has been drinking, he won't wake up properly", EM, True),
    ("comment", "tight heavy pressure in my chest going down my left arm, I'm sweaty and on my own", EM, True),
    ("comment", "there's no point anymore, I've said my goodbyes and I'm ready to go", EM, True),
    ("comment", "my dad's face has dropped on one side and his words are slurred, happening now", EM, True),
    # emergency hard negatives
    ("comment", "Great talk last night on recognising chest pain that needs 999", EM, False),
    ("comment", "Last year I had crushing chest pain and your cardiac team saved me. Forever grateful", EM, False),
    ("comment", "My brother died by suicide in 2019, thank you for running this awareness walk", EM, False),
    ("comment", "giving away free baby clothes to any family who needs them, DM me", EM, False),
    # complaints said without the usual words
    ("review", "Tried ringing for an appointment nine times since Monday, engaged every single time. How do you book here?", CO, True),
    ("review", "Your reception sent my biopsy letter to my ex's address. My ex read it. Expect to hear from my solicitor.", CO, True),
    ("comment", "Billing has 'lost' my claim for the 4th time. Incredible.", CO, True),
    ("comment", "Promised a district nurse visit for dad's dressing, two weeks later still nothing", CO, True),
    ("review", "Someone reversed into my car in your multi-storey and security shrugged", CO, True),
    ("review", "you guys discussed my diagnosis at the front desk loud enough for the whole waiting room", CO, True),
    ("comment", "Three months for a referral that was marked urgent. Urgent!", CO, True),
    # complaint hard negatives: requests for help, AE reports, symptoms, praise
    ("dm_request", "Hi, the portal keeps timing out, could you email me my blood results instead?", CO, False),
    ("dm_request", "Invoice 55120 - could someone explain what the facility fee is for? Thanks", CO, False),
    ("dm_request", "My employer didn't accept the fit note, could you send a new one with the dates on?", CO, False),
    ("dm_request", "Just checking in on reference 8812, any update on my referral?", CO, False),
    ("comment", "the citalopram gives me awful vivid dreams every night", CO, False),
    ("comment", "sudden worst headache I've ever had and my neck is stiff", CO, False),
    ("review", "Dr Okafor was straight with me even when the scan news was bad. Thank you.", CO, False),
    ("comment", "Is it true the flu jab can give you flu?", CO, False),
    # misinformation stated as fact
    ("comment", "the covid jab makes you magnetic, spoons stick to my arm, it's the nanotech", MI, True),
    ("comment", "HIV can be cured with a raw vegan diet and colloidal silver, the doctors hide it", MI, True),
    ("comment", "vaccines are full of mercury and aluminium and foetal tissue, read the label", MI, True),
    ("comment", "chemo kills more people than cancer does, juice cleanses actually work", MI, True),
    # misinformation hard negatives: asked, debunked, reported with disapproval
    ("comment", "Can the flu shot actually give you the flu? asking for my nan", MI, False),
    ("comment", "people spreading 'garlic cures covid' posts should be ashamed", MI, False),
    ("comment", "my uncle swears 5G towers make people sick, I've given up arguing with him 🙄", MI, False),
    ("comment", "saw a reel claiming sunscreen causes cancer, thanks for posting the actual evidence", MI, False),
    ("comment", "is it a myth that vaccines cause autism? my sister keeps sending me stuff", MI, False),
]

OUTBOUND: list[tuple[str, str, str, bool]] = [
    # unsafe claims
    ("post", "Clinically proven to clear eczema AND chronic fatigue in just 2 weeks!", UC, True),
    ("post", "Say goodbye to back pain forever with our new laser therapy.", UC, True),
    ("post", "Our hand gel destroys 99.9% of viruses and is completely safe for newborns.", UC, True),
    ("post", "Fun fact: bupropion is also brilliant for quitting sugar cravings - ask us about it!", UC, True),
    ("post", "No diabetes? No problem. We can prescribe Ozempic for anyone who wants it, message us.", UC, True),
    ("post", "Huge thanks to @fitwithjade for raving about our new collagen gummies - grab yours today!", UC, True),
    ("post", "\"I dropped two dress sizes on this plan\" - Dr. Lee, family physician. Start yours now!", UC, True),
    ("post", "Manuka honey: nature's own antibiotic. Stock up this winter.", UC, True),
    ("post", "Guaranteed results or your money back - our fertility package works for everyone.", UC, True),
    # unsafe-claim hard negatives
    ("post", "How to spot a fake online pharmacy: 'no prescription needed', miracle cures, prices that seem too good to be true.", UC, False),
    ("post", "Naloxone is available at our pharmacy with no prescription needed. It can reverse an opioid overdose.", UC, False),
    ("post", "Maria shared her recovery story with her permission: 'the team got me walking again'.", UC, False),
    ("post", "Flu vaccines reduce the risk of hospitalisation; like any vaccine, they are not 100% effective.", UC, False),
    # patient relationship revealed without a name
    ("reply", "So happy the fertility treatment worked out for you two! Congratulations!", PR, True),
    ("reply", "@kay_m good news, your son's iron levels are back in range, no need for the follow-up", PR, True),
    ("post", "Our physios with Grandad Ted in Bay 4, up and walking two days after his new hip!", PR, True),
    ("reply", "We're glad your stitches came out fine last week, take care!", PR, True),
    # relationship hard negatives
    ("review_reply", "We're unable to discuss anyone's care on social media. Please contact our patient relations team on the number on our website.", PR, False),
    ("review_reply", "Thank you for taking the time to leave feedback; we value hearing from everyone who uses our services.", PR, False),
    ("post", "Free blood pressure checks for anyone over 18 this Saturday in the main foyer.", PR, False),
    ("post", "Our chair yoga class meets in Room 2.04 every Thursday at 10.", PR, False),
]

# a second batch, written after the rules above were fixed and measured before any change for
# it (51/60 at first): the misses were fixed by class, not by phrase
INBOUND_2: list[tuple[str, str, str, bool]] = [
    ('comment', 'my partner is reacting really badly to the contrast dye from his CT, hives and wheezing', AE, True),
    ('comment', 'she took her whole box of sertraline and is drifting in and out, ambulance coming', AE, True),
    ('comment', "wasp sting on my hand and it's swelling up fast, I haven't got an epipen", AE, False),
    ('comment', 'no inhaler with me and my chest is tight after the run, will grab it at home', AE, False),
    ('comment', 'been on venlafaxine 6 weeks, sweating buckets every night and my jaw is clenched all day', AE, True),
    ('comment', 'ramipril cough is driving me mad, anyone switched to something else?', AE, True),
    ('review', 'Trulicity made my stomach so bad I ended up in A&E with pancreatitis', AE, True),
    ('comment', 'my little one broke out in hives the evening after the flu spray', AE, True),
    ('comment', "month 2 on the mini pill and I've been spotting nonstop", AE, True),
    ('comment', "since they put the coil in I've had cramps every day", AE, True),
    ('comment', 'Is it normal to feel this dizzy on amlodipine? nearly passed out in Tesco', AE, True),
    ('comment', "my husband's been really confused since they started him on the new tablets for his bladder", AE, True),
    ('comment', 'the salbutamol makes my hands shake like crazy', AE, True),
    ('comment', 'got shingles 2 weeks after starting Rinvoq', AE, True),
    ('comment', 'woke up with my face all swollen after the dental anaesthetic yesterday', AE, True),
    ('comment', 'my mesh implant has caused constant pelvic pain for 2 years', AE, True),
    ('comment', 'does amlodipine interact with grapefruit? just curious', AE, False),
    ('comment', 'Had my flu jab today, quick and painless, thanks team!', AE, False),
    ('comment', 'My GP switched me from ramipril to losartan, how long until it works?', AE, False),
    ('comment', 'my dog ate some grass and threw up lol', AE, False),
    ('comment', 'statins are a scam pushed by pharma, cholesterol is good for you', AE, False),
    ('comment', "i've taken everything in the cupboard. sorry", EM, True),
    ('comment', 'my wife has gone grey and is sweating, says her chest is crushing, what do I do', EM, True),
    ('comment', "I've got enough of my tablets saved up and tonight I'm going to use them", EM, True),
    ('comment', "took a load of my mum's sleeping pills with some wine, feel really drowsy now", EM, True),
    ('comment', "I've cancelled my subscriptions, given my cat to my sister and written a note. Thanks for everything", EM, True),
    ('comment', 'My dad had a heart attack in 2015, the cardiac rehab team were amazing', EM, False),
    ('comment', 'What are the warning signs of a stroke? asking for a leaflet for my gran', EM, False),
    ('comment', 'I gave away my old crutches to the charity shop, thanks for lending them', EM, False),
    ('review', 'Rang at 8am on the dot, 40th in the queue, by the time I got through no appointments left. Every. Single. Day.', CO, True),
    ('review', 'The receptionist announced my pregnancy test result across the waiting room.', CO, True),
    ('comment', 'Ordered my repeat prescription 10 days ago, pharmacy says the surgery never sent it. Nobody takes responsibility.', CO, True),
    ('review', 'Parking machine ate my card and I got a £70 fine for overstaying while in labour', CO, True),
    ('comment', "you cancelled mum's cataract op for the third time, she's been waiting 14 months", CO, True),
    ('dm_request', 'Could you let me know what time the pharmacy closes on Sunday?', CO, False),
    ('dm_request', 'My insurance denied the claim, can you send me an itemised bill so I can appeal?', CO, False),
    ('dm_request', 'hi, I missed my appointment yesterday because I was ill, can I rebook?', CO, False),
    ('comment', 'The new building looks amazing, congrats to everyone involved', CO, False),
    ('comment', 'worst cramps ever on day 1 of my period, any tips?', CO, False),
    ('dm_request', 'Following up on my referral from last week, is there any update?', CO, False),
    ('comment', 'cancer is a fungus and baking soda kills it, oncologists know this', MI, True),
    ('comment', 'the HPV jab makes girls infertile, look at the numbers', MI, True),
    ('comment', 'fluoride in the water is to keep us dumb and docile', MI, True),
    ('comment', 'Does anyone know if the HPV jab affects fertility? my daughter is due hers', MI, False),
    ('comment', 'my mother-in-law keeps saying fluoride is poison, so glad you posted this', MI, False),
    ('comment', 'great thread debunking the idea that vaccines cause autism', MI, False),
]
OUTBOUND_2: list[tuple[str, str, str, bool]] = [
    ('post', 'Our new physio service can help with back pain. Book an assessment today.', UC, False),
    ('post', 'Our IV vitamin drips boost immunity and cure chronic fatigue. Book now!', UC, True),
    ('post', 'Zero side effects, zero downtime, guaranteed results with our new fat-freezing treatment', UC, True),
    ('post', "Metformin isn't just for diabetes - it's the anti-ageing secret! Ask us how to get it.", UC, True),
    ('post', 'Get Mounjaro delivered to your door, no GP appointment required. Link in bio.', UC, True),
    ('post', 'Our patients say it best: "Lost 15kg in 8 weeks with the clinic\'s plan!" Sign up today', UC, True),
    ('post', 'Elderberry syrup: the natural alternative to the flu jab', UC, True),
    ('post', 'Flu vaccines are safe and effective for most people. Side effects are usually mild, like a sore arm.', UC, False),
    ('post', "Beware of websites selling 'weight loss jabs' with no prescription - they may be fake.", UC, False),
    ('post', 'Emergency contraception is available from our pharmacies without a prescription.', UC, False),
    ('reply', 'Lovely to hear the new knee is letting you get back on the golf course!', PR, True),
    ('reply', '@mike_r your prescription is ready for collection at the front desk', PR, True),
    ('reply', 'Aww, congrats on the twins! The midwives were so happy to be part of it', PR, True),
    ('post', 'Meet Elsie, our 100-year-old in Ward 5 celebrating after her hip op!', PR, True),
    ('review_reply', "Thanks for your review. We aren't able to confirm or discuss any individual's care publicly; please email patientrelations@example.org.", PR, False),
    ('review_reply', "We're sorry to read this. Every comment is shared with our service improvement team.", PR, False),
    ('post', 'Free flu jabs for over 65s this Saturday, no appointment needed.', PR, False),
]

CASES = [("inbound", *row) for row in INBOUND + INBOUND_2] + [
    ("outbound", *row) for row in OUTBOUND + OUTBOUND_2]


@pytest.mark.parametrize(("direction", "context", "text", "label", "expected"), CASES,
                         ids=[f"{c[3][:5]}-{c[4]}-{c[2][:36]}" for c in CASES])
def test_one_label(direction: str, context: str, text: str, label: str, expected: bool) -> None:
    v = check(text, direction, context)  # type: ignore[arg-type]
    assert v.labels[label] is expected
