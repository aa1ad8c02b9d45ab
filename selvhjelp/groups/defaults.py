"""The default themes, in our own words. Coordinators can change them and add more."""

from __future__ import annotations

from typing import Any

THEMES = [
    (
        "angst",
        "shared",
        "Angst",
        "Angst",
        "Anxiety",
        "For deg som kjenner på uro, frykt eller panikk som tar mye plass.",
        "For deg som kjenner på uro, frykt eller panikk som tek mykje plass.",
        "For you who live with worry, fear or panic that takes up a lot of room.",
    ),
    (
        "depresjon",
        "shared",
        "Depresjon og nedstemthet",
        "Depresjon og nedstemdheit",
        "Depression and low mood",
        "For deg som har hatt lange perioder med tungt sinn eller lite energi.",
        "For deg som har hatt lange periodar med tungt sinn eller lite energi.",
        "For you who have had long stretches of low mood or little energy.",
    ),
    (
        "sorg",
        "shared",
        "Sorg og tap",
        "Sorg og tap",
        "Grief and loss",
        "For deg som har mistet noen eller noe som betydde mye.",
        "For deg som har mista nokon eller noko som betydde mykje.",
        "For you who have lost someone or something that meant a lot.",
    ),
    (
        "parorende",
        "shared",
        "Pårørende",
        "Pårørande",
        "Relatives and carers",
        "For deg som står nær noen som er syk, har en avhengighet eller sliter.",
        "For deg som står nær nokon som er sjuk, har ein avhengnad eller slit.",
        "For you who are close to someone who is ill, addicted or struggling.",
    ),
    (
        "smerter-og-sykdom",
        "shared",
        "Kroniske smerter og sykdom",
        "Kroniske smerter og sjukdom",
        "Chronic pain and illness",
        "For deg som lever med smerter eller en sykdom som ikke går over.",
        "For deg som lever med smerter eller ein sjukdom som ikkje går over.",
        "For you who live with pain or an illness that does not go away.",
    ),
    (
        "ensomhet",
        "shared",
        "Ensomhet",
        "Einsemd",
        "Loneliness",
        "For deg som savner noen å dele hverdagen med.",
        "For deg som saknar nokon å dele kvardagen med.",
        "For you who miss having someone to share everyday life with.",
    ),
    (
        "samlivsbrudd",
        "shared",
        "Samlivsbrudd",
        "Samlivsbrot",
        "Divorce and breakup",
        "For deg som har gått gjennom et brudd og skal finne fotfestet igjen.",
        "For deg som har gått gjennom eit brot og skal finne fotfestet att.",
        "For you who have been through a breakup and are finding your feet again.",
    ),
    (
        "utbrenthet",
        "shared",
        "Utbrenthet og stress",
        "Utbrentheit og stress",
        "Burnout and stress",
        "For deg som har kjørt deg tom, i jobb eller i livet ellers.",
        "For deg som har køyrt deg tom, i jobb eller elles i livet.",
        "For you who have run yourself empty, at work or elsewhere in life.",
    ),
    (
        "spiseproblemer",
        "shared",
        "Spiseproblemer",
        "Eteproblem",
        "Eating problems",
        "For deg som strever med mat, kropp og kontroll.",
        "For deg som strevar med mat, kropp og kontroll.",
        "For you who struggle with food, body and control.",
    ),
    (
        "traumer",
        "shared",
        "Traumer",
        "Traume",
        "Trauma",
        "For deg som bærer med deg noe vondt som har skjedd.",
        "For deg som ber med deg noko vondt som har hendt.",
        "For you who carry something painful that happened.",
    ),
    (
        "pa-tvers",
        "across",
        "På tvers av problemer",
        "På tvers av problem",
        "Across problems",
        "For alle som vil snakke med andre, uansett hva de står i.",
        "For alle som vil snakke med andre, same kva dei står i.",
        "For anyone who wants to talk with others, whatever they are going through.",
    ),
]


def themes_load(theme_model: Any) -> None:
    """Create the missing default themes; takes the model so that a migration can pass its own."""
    for position, row in enumerate(THEMES):
        slug, kind, nb, nn, en, dnb, dnn, den = row
        theme_model.objects.get_or_create(
            slug=slug,
            defaults={
                "kind": kind,
                "name_nb": nb,
                "name_nn": nn,
                "name_en": en,
                "description_nb": dnb,
                "description_nn": dnn,
                "description_en": den,
                "position": (position + 1) * 10,
            },
        )
