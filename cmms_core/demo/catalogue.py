"""The demo plant's recipes: French sites, lines, equipment kinds, failures, parts, suppliers.

Pure data, no randomness: the generator shuffles and samples from these tables
with its seeded random source, so the same seed always picks the same things.
Strings are what a French maintenance team would actually write; English
category keys are used where the schema expects codes (failure categories).
"""

from __future__ import annotations

from dataclasses import dataclass

COMPANY_NAME = "Usine Demo"
EMAIL_DOMAIN = "usine-demo.fr"

# ------------------------------------------------------------------------- sites, lines


@dataclass(frozen=True)
class SiteRecipe:
    code: str
    name: str
    city: str
    address: str


# One regional company: every site is within two hours of Lyon.
SITES: tuple[SiteRecipe, ...] = (
    SiteRecipe("LYO", "Lyon-Gerland", "Lyon", "48 rue de l'Industrie, ZI de Gerland, 69007 Lyon"),
    SiteRecipe("STE", "Saint-Étienne", "Saint-Étienne", "12 rue de la Montat, 42100 Saint-Étienne"),
    SiteRecipe("GRE", "Grenoble", "Grenoble", "5 avenue des Martyrs, Presqu'île, 38000 Grenoble"),
    SiteRecipe("VAL", "Valence", "Valence", "ZA des Auréats, 20 rue Louis Jouvet, 26000 Valence"),
    SiteRecipe("ANN", "Annecy", "Annecy", "3 avenue du Pré-Félin, 74940 Annecy"),
    SiteRecipe("CLF", "Clermont-Ferrand", "Clermont-Ferrand", "9 rue de l'Oradou, 63000 Clermont"),
    SiteRecipe("ROA", "Roanne", "Roanne", "ZI du Coteau, 15 rue Pierre Semard, 42300 Roanne"),
    SiteRecipe("VIE", "Vienne", "Vienne", "Parc d'activités de Saint-Alban, 38200 Vienne"),
)


@dataclass(frozen=True)
class LineKind:
    code: str
    name: str
    description: str
    # equipment type codes that stand on such a line, with relative weights
    mix: tuple[tuple[str, int], ...]


LINE_KINDS: tuple[LineKind, ...] = (
    # Utilities come first: every site has compressors, power and heating.
    LineKind(
        "UTI",
        "Utilités",
        "Air comprimé, énergie, chaud et froid pour tout le site.",
        (("CMP", 4), ("TRF", 2), ("CHD", 2), ("GRF", 2), ("PMP", 3), ("CTA", 2)),
    ),
    LineKind(
        "EMB",
        "Ligne emboutissage",
        "Presses de découpe et d'emboutissage des tôles.",
        (("PRS", 5), ("CNV", 3), ("ROB", 2), ("ARM", 1), ("CHE", 1)),
    ),
    LineKind(
        "ASS",
        "Ligne assemblage",
        "Assemblage robotisé des sous-ensembles.",
        (("ROB", 5), ("CNV", 4), ("ARM", 2), ("TCN", 1), ("CHE", 1)),
    ),
    LineKind(
        "PEI",
        "Ligne peinture",
        "Cabines d'application et fours de cuisson.",
        (("CAB", 3), ("FOU", 3), ("CNV", 3), ("CTA", 2), ("ROB", 1)),
    ),
    LineKind(
        "CDT",
        "Conditionnement",
        "Mise en carton, palettisation et banderolage.",
        (("PAL", 3), ("BAN", 3), ("CNV", 4), ("CHE", 2), ("ARM", 1)),
    ),
    LineKind(
        "USI",
        "Atelier usinage",
        "Tournage et reprise des pièces.",
        (("TCN", 6), ("CNV", 2), ("ROB", 1), ("CMP", 1)),
    ),
    LineKind(
        "SOU",
        "Ligne soudure",
        "Cellules de soudage robotisées.",
        (("ROB", 6), ("CNV", 2), ("ARM", 1), ("CTA", 1)),
    ),
    LineKind(
        "LOG",
        "Logistique expédition",
        "Quais, stockage et préparation des expéditions.",
        (("CHE", 5), ("CNV", 3), ("BAN", 1)),
    ),
)

# --------------------------------------------------------------------- equipment types


@dataclass(frozen=True)
class ChecklistItem:
    label: str
    kind: str = "check"  # "check" (done / not done) or "measure" (a value in a range)
    unit: str | None = None
    low: float | None = None
    high: float | None = None


@dataclass(frozen=True)
class PlanRecipe:
    label: str  # "visite mensuelle": the plan is named "<type short> — <label>"
    freq: str  # recurrence unit: "monthly" (interval in months) or "weekly"
    interval: int
    tolerance_days: int
    minutes: int
    skills: tuple[str, ...]
    checklist: tuple[ChecklistItem, ...]
    kit: tuple[tuple[str, int], ...] = ()  # (part family, quantity) used at each visit


@dataclass(frozen=True)
class EquipmentTypeRecipe:
    code: str
    name: str
    short: str
    category: str
    description: str
    makers: tuple[tuple[str, tuple[str, ...]], ...]
    hours_per_year: int
    cycles_per_hour: int  # 0: no cycle counter on this kind of machine
    criticality: tuple[int, int, int]  # weights of high, medium, low
    failures_per_year: float
    failure_codes: tuple[str, ...]
    children: tuple[tuple[str, float], ...] = ()  # (type code, probability)
    location: str | None = None  # "{b}" building letter, "{t}" bay number
    plans: tuple[PlanRecipe, ...] = ()


_C = ChecklistItem
_LEAKS = _C("Contrôler l'absence de fuite")
_CLEAN = _C("Nettoyer la machine et ses abords")
_SAFETY = _C("Tester les arrêts d'urgence et les sécurités")
_TIGHT = _C("Contrôler les serrages des connexions électriques")
_NOISE = _C("Écouter les bruits anormaux, relever les vibrations")
_GREASE = _C("Graisser les paliers selon la gamme")

EQUIPMENT_TYPES: tuple[EquipmentTypeRecipe, ...] = (
    EquipmentTypeRecipe(
        "CMP",
        "Compresseur à vis",
        "Compresseur",
        "Air comprimé",
        "Compresseur d'air du réseau 7 bar.",
        (
            ("Atlas Copco", ("GA 37 VSD+", "GA 55", "GA 75 VSD+", "GA 90")),
            ("Kaeser", ("ASD 40", "BSD 72", "CSD 105", "DSD 142")),
            ("Ingersoll Rand", ("RS 45i", "RS 75n")),
        ),
        6000,
        0,
        (5, 4, 1),
        1.8,
        (
            "HYD-FUIT",
            "ELE-SURC",
            "MEC-ROUL",
            "PRO-FILT",
            "PNE-FUIT",
            "THE-TEMP",
            "ELE-DISJ",
            "AUT-CAPT",
        ),
        (("MOT", 0.8),),
        "Local compresseurs, bâtiment {b}",
        (
            PlanRecipe(
                "visite mensuelle",
                "monthly",
                1,
                5,
                45,
                ("mécanique",),
                (
                    _C("Relever la pression de service", "measure", "bar", 6.5, 8.0),
                    _C("Relever la température de refoulement", "measure", "°C", 60, 95),
                    _C("Purger les condensats"),
                    _C("Vérifier le niveau d'huile"),
                    _LEAKS,
                ),
            ),
            PlanRecipe(
                "entretien 2000 h",
                "monthly",
                3,
                10,
                120,
                ("mécanique",),
                (
                    _C("Remplacer le filtre à air"),
                    _C("Remplacer le filtre à huile"),
                    _C("Contrôler le séparateur air/huile"),
                    _TIGHT,
                ),
                (("filtre_air", 2), ("huile", 5)),
            ),
        ),
    ),
    EquipmentTypeRecipe(
        "CNV",
        "Convoyeur à bande",
        "Convoyeur",
        "Manutention",
        "Convoyeur de transfert entre postes.",
        (
            ("Interroll", ("Série 1700", "Crossbelt", "RollerDrive EC5000")),
            ("Bosch Rexroth", ("VarioFlow plus", "TS 2plus", "TS 5")),
            ("Transnorm", ("TS 1500", "TS 3000")),
            ("FlexLink", ("X85", "XK")),
        ),
        5000,
        0,
        (2, 5, 3),
        2.5,
        (
            "MEC-COUR",
            "MEC-ROUL",
            "MEC-BOUR",
            "AUT-CAPT",
            "ELE-DISJ",
            "MEC-VIBR",
            "ELE-VARI",
        ),
        (("MOT", 0.9),),
        plans=(
            PlanRecipe(
                "contrôle mensuel",
                "monthly",
                1,
                5,
                30,
                ("mécanique",),
                (
                    _C("Contrôler la tension et l'alignement de la bande"),
                    _C("Vérifier les détecteurs de présence"),
                    _CLEAN,
                    _SAFETY,
                ),
            ),
            PlanRecipe(
                "révision semestrielle",
                "monthly",
                6,
                15,
                180,
                ("mécanique", "électricité"),
                (_C("Remplacer la courroie d'entraînement"), _GREASE, _NOISE, _TIGHT),
                (("courroie", 1), ("graisse", 1)),
            ),
        ),
    ),
    EquipmentTypeRecipe(
        "PRS",
        "Presse hydraulique",
        "Presse",
        "Formage",
        "Presse de découpe et d'emboutissage.",
        (
            ("Schuler", ("MSD 400", "PCH 250", "MSP 630")),
            ("Pinette Emidecau", ("PEI 315 t", "PEI 500 t")),
            ("Beckwood", ("Triple Action 500 t",)),
            ("Lasco", ("TZP 400", "HPK 250")),
        ),
        4000,
        600,
        (6, 3, 1),
        3.0,
        (
            "HYD-FUIT",
            "HYD-PRES",
            "PRO-FILT",
            "AUT-SECU",
            "AUT-CAPT",
            "MEC-OUTI",
            "ELE-SURC",
            "MEC-CASS",
            "PRO-QUAL",
        ),
        (("GHY", 0.9), ("ARM", 0.4)),
        plans=(
            PlanRecipe(
                "vérification mensuelle des sécurités",
                "monthly",
                1,
                3,
                60,
                ("automatisme",),
                (
                    _C("Tester les barrières immatérielles"),
                    _SAFETY,
                    _C("Vérifier le temps d'arrêt du coulisseau", "measure", "ms", 80, 180),
                ),
            ),
            PlanRecipe(
                "révision annuelle",
                "monthly",
                12,
                30,
                480,
                ("hydraulique", "mécanique"),
                (
                    _C("Remplacer les joints du vérin principal"),
                    _C("Remplacer l'élément filtrant"),
                    _C("Contrôler le parallélisme du coulisseau", "measure", "mm", 0.0, 0.1),
                    _LEAKS,
                ),
                (("joint", 2), ("filtre_hyd", 1)),
            ),
        ),
    ),
    EquipmentTypeRecipe(
        "GHY",
        "Groupe hydraulique",
        "Groupe hydraulique",
        "Hydraulique",
        "Centrale hydraulique d'alimentation.",
        (
            ("Bosch Rexroth", ("ABPAC 250", "CytroPac")),
            ("Parker", ("PowerPac 45",)),
            ("Hydac", ("HYCON 160",)),
        ),
        4000,
        0,
        (4, 5, 1),
        1.2,
        ("HYD-FUIT", "HYD-PRES", "PRO-FILT", "THE-TEMP", "ELE-SURC"),
        plans=(
            PlanRecipe(
                "contrôle semestriel de l'huile",
                "monthly",
                6,
                15,
                90,
                ("hydraulique",),
                (
                    _C("Prélever un échantillon d'huile pour analyse"),
                    _C("Relever la pression de service", "measure", "bar", 150, 210),
                    _C("Remplacer l'élément filtrant"),
                    _LEAKS,
                ),
                (("filtre_hyd", 1),),
            ),
        ),
    ),
    EquipmentTypeRecipe(
        "PMP",
        "Pompe centrifuge",
        "Pompe",
        "Fluides",
        "Pompe de circulation.",
        (
            ("Grundfos", ("CR 32-4", "NB 65-200", "TP 80-240")),
            ("KSB", ("Etanorm 50-200", "Multitec 32/4", "Etaline 65-160")),
            ("Wilo", ("Atmos Giga-N", "Helix V 1605")),
        ),
        6000,
        0,
        (3, 5, 2),
        1.0,
        ("MEC-ROUL", "HYD-FUIT", "MEC-VIBR", "ELE-SURC", "MEC-BRUI"),
        (("MOT", 0.7),),
        "Local pompes, bâtiment {b}",
        (
            PlanRecipe(
                "contrôle trimestriel",
                "monthly",
                3,
                10,
                45,
                ("mécanique",),
                (
                    _C("Contrôler l'étanchéité de la garniture mécanique"),
                    _C("Relever la pression de refoulement", "measure", "bar", 2.0, 6.0),
                    _NOISE,
                ),
            ),
        ),
    ),
    EquipmentTypeRecipe(
        "CTA",
        "Centrale de traitement d'air",
        "CTA",
        "CVC",
        "Ventilation et traitement d'air des ateliers.",
        (
            ("Daikin", ("Modular L", "D-AHU Professional")),
            ("Carrier", ("39HQ", "39CP")),
            ("France Air", ("Aerovent 5000",)),
        ),
        7000,
        0,
        (2, 5, 3),
        0.8,
        ("MEC-COUR", "PRO-FILT", "MEC-ROUL", "THE-TEMP", "AUT-CAPT", "ELE-DISJ"),
        (("VEN", 0.9),),
        "Toiture, bâtiment {b}",
        (
            PlanRecipe(
                "changement des filtres",
                "monthly",
                3,
                10,
                60,
                ("mécanique",),
                (
                    _C("Relever la perte de charge des filtres", "measure", "Pa", 50, 250),
                    _C("Remplacer les filtres"),
                    _CLEAN,
                ),
                (("filtre_air", 2),),
            ),
            PlanRecipe(
                "visite semestrielle",
                "monthly",
                6,
                15,
                120,
                ("mécanique", "électricité"),
                (_C("Remplacer la courroie du ventilateur"), _GREASE, _TIGHT),
                (("courroie", 1),),
            ),
        ),
    ),
    EquipmentTypeRecipe(
        "ROB",
        "Robot de soudure",
        "Robot",
        "Robotique",
        "Robot six axes de soudage à l'arc.",
        (
            ("Fanuc", ("ARC Mate 100iD", "ARC Mate 120iD", "R-2000iC/165F")),
            ("ABB", ("IRB 2600", "IRB 1520ID", "IRB 6700")),
            ("KUKA", ("KR 16 R2010", "KR 8 R1620 arc HW")),
            ("Yaskawa", ("Motoman AR1440",)),
        ),
        4500,
        120,
        (5, 4, 1),
        2.2,
        (
            "AUT-ROBO",
            "AUT-CAPT",
            "AUT-COMM",
            "AUT-SECU",
            "ELE-VARI",
            "MEC-CASS",
            "PRO-QUAL",
        ),
        (("MOT", 0.5), ("ARM", 0.6)),
        plans=(
            PlanRecipe(
                "contrôle mensuel de la torche",
                "monthly",
                1,
                5,
                40,
                ("automatisme",),
                (
                    _C("Remplacer le tube contact et la buse"),
                    _C("Nettoyer la torche et la station d'alésage"),
                    _C("Vérifier le point outil (TCP)"),
                ),
                (("soudage", 2),),
            ),
            PlanRecipe(
                "maintenance préventive 6 mois",
                "monthly",
                6,
                15,
                240,
                ("automatisme", "mécanique"),
                (
                    _C("Vidanger les réducteurs des axes 1 à 3"),
                    _C("Remplacer les piles de sauvegarde"),
                    _C("Sauvegarder les programmes"),
                    _SAFETY,
                ),
                (("graisse", 1),),
            ),
        ),
    ),
    EquipmentTypeRecipe(
        "CHE",
        "Chariot élévateur",
        "Chariot",
        "Manutention",
        "Chariot de manutention des palettes.",
        (
            ("Toyota Material Handling", ("Traigo 48", "Tonero 25", "BT Reflex RRE160")),
            ("Linde", ("E20", "H25", "R16")),
            ("Still", ("RX20-18", "RX60-25")),
            ("Jungheinrich", ("EFG 216",)),
        ),
        2000,
        0,
        (1, 6, 3),
        1.5,
        ("HYD-FUIT", "ELE-SURC", "MEC-CASS", "MEC-BRUI", "AUT-SECU"),
        location="Bâtiment {b}, allée de circulation",
        plans=(
            PlanRecipe(
                "vérification générale périodique",
                "monthly",
                6,
                15,
                90,
                ("mécanique",),
                (
                    _C("Contrôler les chaînes et le mât"),
                    _C("Tester les freins"),
                    _C("Vérifier l'avertisseur et les feux"),
                    _LEAKS,
                ),
            ),
            PlanRecipe(
                "entretien 500 h",
                "monthly",
                3,
                10,
                60,
                ("mécanique", "hydraulique"),
                (
                    _C("Contrôler le niveau d'huile hydraulique"),
                    _C("Relever la tension batterie", "measure", "V", 46, 52),
                    _GREASE,
                ),
                (("filtre_hyd", 1),),
            ),
        ),
    ),
    EquipmentTypeRecipe(
        "GRF",
        "Groupe froid",
        "Groupe froid",
        "CVC",
        "Production d'eau glacée process et climatisation.",
        (
            ("Carrier", ("AquaSnap 30RB", "30XW")),
            ("Daikin", ("EWAD-TZ", "EWWD-VZ")),
            ("Trane", ("CGAM", "RTAF")),
        ),
        5000,
        0,
        (4, 4, 2),
        1.0,
        ("THE-FRIG", "THE-TEMP", "ELE-SURC", "MEC-VIBR", "AUT-CAPT", "ELE-DISJ"),
        (("PMP", 0.6),),
        "Aire technique extérieure, bâtiment {b}",
        (
            PlanRecipe(
                "contrôle d'étanchéité F-Gas",
                "monthly",
                6,
                15,
                90,
                ("mécanique",),
                (
                    _C("Rechercher les fuites de fluide frigorigène"),
                    _C("Relever la haute pression", "measure", "bar", 12, 20),
                    _C("Relever la basse pression", "measure", "bar", 3, 6),
                ),
            ),
            PlanRecipe(
                "visite trimestrielle",
                "monthly",
                3,
                10,
                60,
                ("mécanique", "électricité"),
                (_C("Nettoyer les condenseurs"), _TIGHT, _NOISE),
            ),
        ),
    ),
    EquipmentTypeRecipe(
        "CHD",
        "Chaudière",
        "Chaudière",
        "Énergie",
        "Chaudière gaz du réseau de chauffage.",
        (
            ("Viessmann", ("Vitoplex 200", "Vitocrossal 300")),
            ("De Dietrich", ("C 330 ECO", "GT 430")),
            ("Buderus", ("Logano SK745",)),
        ),
        3500,
        0,
        (3, 5, 2),
        0.7,
        ("THE-TEMP", "AUT-CAPT", "HYD-FUIT", "ELE-DISJ", "AUT-SECU"),
        (("PMP", 0.5),),
        "Chaufferie, bâtiment {b}",
        (
            PlanRecipe(
                "entretien annuel réglementaire",
                "monthly",
                12,
                30,
                240,
                ("mécanique",),
                (
                    _C("Nettoyer le corps de chauffe et le brûleur"),
                    _C("Mesurer le CO en sortie", "measure", "ppm", 0, 50),
                    _C("Relever le rendement de combustion", "measure", "%", 88, 99),
                    _SAFETY,
                ),
            ),
            PlanRecipe(
                "contrôle mensuel de chaufferie",
                "monthly",
                1,
                5,
                30,
                ("mécanique",),
                (_C("Relever la pression du réseau", "measure", "bar", 1.0, 3.0), _LEAKS),
            ),
        ),
    ),
    EquipmentTypeRecipe(
        "TCN",
        "Tour CN",
        "Tour CN",
        "Usinage",
        "Tour à commande numérique.",
        (
            ("DMG Mori", ("CLX 450", "NLX 2500")),
            ("Mazak", ("QTN 200", "Integrex i-200")),
            ("Haas", ("ST-20", "ST-30Y")),
            ("Okuma", ("Genos L3000",)),
        ),
        4000,
        0,
        (4, 5, 1),
        1.8,
        (
            "MEC-OUTI",
            "AUT-CAPT",
            "HYD-PRES",
            "ELE-VARI",
            "MEC-ROUL",
            "PRO-QUAL",
            "AUT-COMM",
        ),
        (("MOT", 0.3),),
        plans=(
            PlanRecipe(
                "entretien mensuel",
                "monthly",
                1,
                5,
                60,
                ("mécanique",),
                (
                    _C("Contrôler le niveau d'huile de graissage centralisé"),
                    _C("Nettoyer le bac à copeaux et le filtre d'arrosage"),
                    _C("Relever la concentration du liquide de coupe", "measure", "%", 4, 8),
                ),
            ),
            PlanRecipe(
                "révision annuelle (géométrie)",
                "monthly",
                12,
                30,
                360,
                ("mécanique", "automatisme"),
                (
                    _C("Contrôler la géométrie", "measure", "mm", 0.0, 0.02),
                    _C("Contrôler le jeu de la broche", "measure", "mm", 0.0, 0.01),
                    _TIGHT,
                ),
                (("outillage", 2),),
            ),
        ),
    ),
    EquipmentTypeRecipe(
        "TRF",
        "Transformateur",
        "Transformateur",
        "Électricité",
        "Transformateur HTA/BT sec enrobé.",
        (
            ("Schneider Electric", ("Trihal 1000 kVA", "Trihal 630 kVA")),
            ("Siemens", ("GEAFOL 1250 kVA",)),
            ("ABB", ("RESIBLOC 800 kVA",)),
        ),
        8760,
        0,
        (8, 2, 0),
        0.15,
        ("THE-TEMP", "ELE-CC", "ELE-DISJ", "AUT-CAPT"),
        location="Poste de transformation, bâtiment {b}",
        plans=(
            PlanRecipe(
                "thermographie annuelle",
                "monthly",
                12,
                30,
                120,
                ("électricité",),
                (
                    _C("Réaliser la thermographie des connexions"),
                    _C("Relever la température des enroulements", "measure", "°C", 40, 110),
                    _TIGHT,
                ),
            ),
        ),
    ),
    EquipmentTypeRecipe(
        "FOU",
        "Four de cuisson",
        "Four",
        "Traitement de surface",
        "Four tunnel de cuisson peinture.",
        (
            ("Dürr", ("EcoInCure",)),
            ("Eisenmann", ("Four tunnel FT 2x",)),
            ("Geico", ("Cubo",)),
            ("Nabertherm", ("N 1000/85HA",)),
        ),
        5000,
        0,
        (6, 3, 1),
        1.2,
        ("THE-TEMP", "AUT-CAPT", "MEC-COUR", "ELE-SURC", "AUT-SECU", "MEC-BOUR"),
        (("VEN", 0.8),),
        plans=(
            PlanRecipe(
                "contrôle mensuel des brûleurs",
                "monthly",
                1,
                5,
                60,
                ("mécanique", "électricité"),
                (
                    _C("Contrôler la flamme et l'allumage des brûleurs"),
                    _C("Relever la température de consigne", "measure", "°C", 160, 200),
                    _SAFETY,
                ),
            ),
            PlanRecipe(
                "révision annuelle",
                "monthly",
                12,
                30,
                480,
                ("mécanique",),
                (_C("Nettoyer les gaines de recyclage"), _GREASE, _TIGHT),
                (("courroie", 2),),
            ),
        ),
    ),
    EquipmentTypeRecipe(
        "PAL",
        "Palettiseur",
        "Palettiseur",
        "Conditionnement",
        "Palettiseur de fin de ligne.",
        (
            ("Sidel", ("PalAccess",)),
            ("Krones", ("Modulpal Pro",)),
            ("Fuji Yusoki", ("EC-102",)),
            ("Gebo Cermex", ("Paletticc",)),
        ),
        5000,
        300,
        (3, 5, 2),
        2.6,
        (
            "MEC-BOUR",
            "AUT-CAPT",
            "MEC-COUR",
            "AUT-SECU",
            "PNE-FUIT",
            "PNE-EVAN",
            "ELE-VARI",
        ),
        (("MOT", 0.7), ("ARM", 0.5)),
        plans=(
            PlanRecipe(
                "visite mensuelle",
                "monthly",
                1,
                5,
                60,
                ("mécanique",),
                (_C("Contrôler les ventouses et la pince"), _GREASE, _SAFETY, _CLEAN),
                (("graisse", 1),),
            ),
            PlanRecipe(
                "révision semestrielle",
                "monthly",
                6,
                15,
                240,
                ("mécanique", "automatisme"),
                (_C("Remplacer les courroies de translation"), _TIGHT, _NOISE),
                (("courroie", 2),),
            ),
        ),
    ),
    EquipmentTypeRecipe(
        "MOT",
        "Moteur électrique",
        "Moteur",
        "Entraînements",
        "Moteur asynchrone triphasé.",
        (
            ("Siemens", ("1LE1 11 kW", "1LE1 22 kW", "SIMOTICS GP 7,5 kW")),
            ("ABB", ("M3BP 160 15 kW", "M3AA 4 kW")),
            ("Leroy-Somer", ("IMfinity LSES 132 5,5 kW", "LSES 160 11 kW")),
            ("WEG", ("W22 IE3 18,5 kW",)),
            ("SEW-Eurodrive", ("DRN 90L4 1,5 kW",)),
        ),
        5000,
        0,
        (1, 5, 4),
        0.6,
        ("ELE-SURC", "MEC-ROUL", "MEC-VIBR", "ELE-CC", "MEC-BRUI"),
        plans=(
            PlanRecipe(
                "analyse vibratoire",
                "monthly",
                6,
                15,
                30,
                ("mécanique",),
                (
                    _C("Mesurer les vibrations", "measure", "mm/s", 0.0, 4.5),
                    _C("Relever l'intensité absorbée", "measure", "A", 5, 45),
                ),
            ),
        ),
    ),
    EquipmentTypeRecipe(
        "VEN",
        "Ventilateur",
        "Ventilateur",
        "CVC",
        "Ventilateur centrifuge.",
        (
            ("ebm-papst", ("RadiCal R3G 450",)),
            ("Ziehl-Abegg", ("ZAbluefin RH56C",)),
            ("Nicotra Gebhardt", ("RZR 13-0500",)),
        ),
        6000,
        0,
        (1, 5, 4),
        0.7,
        ("MEC-ROUL", "MEC-VIBR", "MEC-COUR", "ELE-SURC", "MEC-BRUI"),
        (("MOT", 0.4),),
    ),
    EquipmentTypeRecipe(
        "ARM",
        "Armoire de commande",
        "Armoire",
        "Automatisme",
        "Armoire électrique et automate de la machine.",
        (
            ("Siemens", ("SIMATIC S7-1500", "SIMATIC S7-300")),
            ("Schneider Electric", ("Modicon M580", "Modicon M340")),
            ("Rockwell Automation", ("ControlLogix 5580",)),
            ("Omron", ("NX1P2",)),
        ),
        8000,
        0,
        (4, 5, 1),
        0.6,
        ("AUT-COMM", "ELE-DISJ", "ELE-CC", "ELE-VARI", "THE-TEMP"),
        plans=(
            PlanRecipe(
                "contrôle annuel de l'armoire",
                "monthly",
                12,
                30,
                90,
                ("électricité", "automatisme"),
                (
                    _TIGHT,
                    _C("Remplacer les filtres de ventilation"),
                    _C("Sauvegarder le programme automate"),
                ),
            ),
        ),
    ),
    EquipmentTypeRecipe(
        "BAN",
        "Banderoleuse",
        "Banderoleuse",
        "Conditionnement",
        "Banderoleuse de palettes.",
        (
            ("Robopac", ("Rotoplat 708", "Helix")),
            ("Cyklop", ("CSM 6",)),
            ("Lantech", ("Q-300",)),
        ),
        3000,
        40,
        (1, 5, 4),
        1.6,
        ("MEC-BOUR", "MEC-COUR", "AUT-CAPT", "ELE-DISJ", "MEC-CASS"),
        plans=(
            PlanRecipe(
                "visite trimestrielle",
                "monthly",
                3,
                10,
                45,
                ("mécanique",),
                (_C("Contrôler le chariot de pré-étirage"), _GREASE, _SAFETY),
                (("graisse", 1),),
            ),
        ),
    ),
    EquipmentTypeRecipe(
        "CAB",
        "Cabine de peinture",
        "Cabine",
        "Traitement de surface",
        "Cabine d'application pressurisée.",
        (
            ("Dürr", ("EcoRP E043",)),
            ("Geico", ("J-Cube",)),
            ("Blowtherm", ("Industrial 7000",)),
        ),
        5000,
        0,
        (5, 4, 1),
        1.0,
        ("PRO-FILT", "MEC-COUR", "AUT-SECU", "THE-TEMP", "AUT-CAPT"),
        (("VEN", 0.9),),
        plans=(
            PlanRecipe(
                "changement des filtres",
                "monthly",
                1,
                5,
                60,
                ("mécanique",),
                (
                    _C("Relever la pression de la cabine", "measure", "Pa", 5, 30),
                    _C("Remplacer les filtres de toiture et de sol"),
                    _CLEAN,
                ),
                (("filtre_air", 4),),
            ),
        ),
    ),
)

# ------------------------------------------------------------------------ failure types


@dataclass(frozen=True)
class FailureTypeRecipe:
    code: str
    name: str
    category: str  # English key, translated by the UI
    symptoms: tuple[str, ...]
    diagnoses: tuple[str, ...]
    actions: tuple[str, ...]
    root_causes: tuple[str, ...]
    part_families: tuple[str, ...]
    stop_share: float  # how often this failure stops the machine
    repair_minutes: int  # median hands-on time
    external_share: float = 0.05  # how often a contractor is called in


FAILURE_TYPES: tuple[FailureTypeRecipe, ...] = (
    FailureTypeRecipe(
        "MEC-ROUL",
        "Usure roulement",
        "mechanical",
        (
            "Bruit de roulement côté accouplement.",
            "Échauffement anormal du palier.",
            "Grognement au démarrage, jeu perceptible sur l'arbre.",
        ),
        (
            "Roulement côté accouplement usé, piste écaillée.",
            "Roulement sec, graisse dégradée.",
            "Jeu radial excessif mesuré sur le palier.",
        ),
        (
            "Remplacement du roulement, graissage, essai à vide OK.",
            "Remplacement des deux roulements et du joint, contrôle d'alignement.",
            "Dépose du moteur, remplacement des roulements en atelier, remontage.",
        ),
        ("Usure normale", "Défaut de lubrification", "Désalignement"),
        ("roulement", "graisse"),
        0.5,
        120,
    ),
    FailureTypeRecipe(
        "MEC-COUR",
        "Rupture de courroie",
        "mechanical",
        (
            "Courroie cassée, entraînement à l'arrêt.",
            "Courroie qui patine et siffle au démarrage.",
            "Courroie effilochée, risque de rupture.",
        ),
        (
            "Courroie rompue, poulies en bon état.",
            "Tension insuffisante, courroie glacée.",
            "Poulie menée désalignée de 3 mm.",
        ),
        (
            "Remplacement de la courroie, réglage de la tension.",
            "Remplacement du jeu de courroies, alignement des poulies au laser.",
            "Remplacement de la courroie et de la poulie tendeur.",
        ),
        ("Usure normale", "Mauvais réglage", "Désalignement"),
        ("courroie",),
        0.8,
        60,
    ),
    FailureTypeRecipe(
        "MEC-VIBR",
        "Vibrations anormales",
        "mechanical",
        (
            "Vibrations importantes ressenties sur le bâti.",
            "Vibrations en hausse sur la dernière mesure.",
            "Machine qui tremble en charge.",
        ),
        (
            "Balourd sur la turbine, encrassement.",
            "Fixations du socle desserrées.",
            "Accouplement usé, élément élastique détruit.",
        ),
        (
            "Nettoyage et équilibrage de la turbine.",
            "Resserrage des fixations, pose de plots antivibratiles.",
            "Remplacement de l'élément élastique de l'accouplement, alignement.",
        ),
        ("Encrassement", "Desserrage", "Usure normale"),
        ("accouplement", "roulement"),
        0.3,
        90,
    ),
    FailureTypeRecipe(
        "MEC-BRUI",
        "Bruit anormal",
        "mechanical",
        (
            "Claquement régulier pendant le cycle.",
            "Bruit métallique au démarrage.",
            "Sifflement inhabituel signalé par l'opérateur.",
        ),
        (
            "Carter de protection desserré qui frotte.",
            "Chaîne détendue qui tape sur le guide.",
            "Roulement de galet défectueux.",
        ),
        (
            "Refixation du carter, contrôle des serrages.",
            "Retension de la chaîne, graissage.",
            "Remplacement du galet et de son roulement.",
        ),
        ("Desserrage", "Usure normale", "Défaut de lubrification"),
        ("roulement", "chaine", "visserie"),
        0.15,
        60,
    ),
    FailureTypeRecipe(
        "MEC-CASS",
        "Casse mécanique",
        "mechanical",
        (
            "Pièce cassée retrouvée sous la machine.",
            "Casse du support de vérin.",
            "Arbre de transmission cassé.",
        ),
        (
            "Rupture par fatigue de la patte de fixation.",
            "Choc lors d'un changement de série.",
            "Rupture de la clavette, arbre marqué.",
        ),
        (
            "Fabrication et pose d'une nouvelle pièce à l'atelier.",
            "Remplacement de l'accouplement et de la clavette.",
            "Soudure de reprise et renfort de la patte, contrôle.",
        ),
        ("Fatigue", "Erreur de manipulation", "Surcharge"),
        ("accouplement", "visserie", "chaine"),
        0.9,
        240,
        0.15,
    ),
    FailureTypeRecipe(
        "MEC-BOUR",
        "Bourrage",
        "mechanical",
        (
            "Bourrage répété en entrée de machine.",
            "Produits coincés au transfert, arrêt de la ligne.",
            "Cartons écrasés au poste de prise.",
        ),
        (
            "Guide mal réglé après changement de format.",
            "Détecteur de présence décalé.",
            "Courroie de transfert usée qui patine.",
        ),
        (
            "Dégagement, réglage des guides au format.",
            "Recalage du détecteur, essais sur 50 cycles.",
            "Remplacement de la courroie de transfert.",
        ),
        ("Mauvais réglage", "Erreur opérateur", "Usure normale"),
        ("courroie",),
        0.9,
        30,
        0.0,
    ),
    FailureTypeRecipe(
        "MEC-OUTI",
        "Usure outillage",
        "mechanical",
        (
            "Bavures sur les pièces, outil émoussé.",
            "Poinçon ébréché.",
            "Plaquette cassée en cours d'usinage.",
        ),
        (
            "Usure de l'arête de coupe au-delà de la limite.",
            "Poinçon cassé, matrice marquée.",
            "Plaquette cassée, porte-outil intact.",
        ),
        (
            "Remplacement des plaquettes, remise à zéro des correcteurs.",
            "Remplacement du poinçon, rectification de la matrice.",
            "Changement d'outil, contrôle première pièce OK.",
        ),
        ("Usure normale", "Matière non conforme", "Mauvais réglage"),
        ("outillage",),
        0.7,
        45,
        0.1,
    ),
    FailureTypeRecipe(
        "HYD-FUIT",
        "Fuite d'huile",
        "hydraulic",
        (
            "Fuite d'huile au niveau du vérin principal, flaque sous la machine.",
            "Suintement d'huile sur un raccord du bloc foré.",
            "Niveau d'huile en baisse rapide.",
        ),
        (
            "Joint de tige du vérin détérioré.",
            "Flexible poreux au niveau du sertissage.",
            "Raccord desserré sur le bloc foré.",
        ),
        (
            "Remplacement du kit joints du vérin, appoint d'huile.",
            "Remplacement du flexible, nettoyage, appoint d'huile.",
            "Resserrage du raccord, remplacement du joint, essai en pression OK.",
        ),
        ("Usure normale", "Vieillissement", "Desserrage"),
        ("joint", "flexible", "huile"),
        0.4,
        90,
    ),
    FailureTypeRecipe(
        "HYD-PRES",
        "Perte de pression hydraulique",
        "hydraulic",
        (
            "Pression hydraulique insuffisante, défaut de serrage.",
            "La pression chute en cours de cycle.",
            "Alarme pression basse sur la centrale.",
        ),
        (
            "Limiteur de pression déréglé.",
            "Pompe hydraulique usée, débit insuffisant.",
            "Filtre de retour colmaté.",
        ),
        (
            "Réglage du limiteur, essais de pression.",
            "Remplacement de l'élément filtrant, appoint d'huile.",
            "Remplacement des joints du distributeur, purge du circuit.",
        ),
        ("Mauvais réglage", "Encrassement", "Usure normale"),
        ("joint", "filtre_hyd", "huile"),
        0.7,
        120,
        0.1,
    ),
    FailureTypeRecipe(
        "PRO-FILT",
        "Colmatage filtre",
        "process",
        (
            "Alarme filtre colmaté.",
            "Débit d'air insuffisant.",
            "Perte de charge élevée sur le filtre.",
        ),
        (
            "Filtres saturés avant l'échéance prévue.",
            "Filtre encrassé par un environnement poussiéreux.",
            "Préfiltre absent, filtre principal colmaté.",
        ),
        (
            "Remplacement des filtres, nettoyage du caisson.",
            "Remplacement de l'élément filtrant, remise à zéro du compteur.",
            "Remplacement du filtre et pose d'un préfiltre.",
        ),
        ("Encrassement", "Environnement poussiéreux", "Fréquence d'entretien insuffisante"),
        ("filtre_air", "filtre_hyd"),
        0.2,
        45,
        0.0,
    ),
    FailureTypeRecipe(
        "PNE-FUIT",
        "Fuite d'air comprimé",
        "pneumatic",
        (
            "Fuite d'air audible sur le bloc de distributeurs.",
            "Pression réseau en baisse, fuite sur un raccord.",
            "Vérin qui fuit en fin de course.",
        ),
        (
            "Raccord instantané défectueux.",
            "Tuyau fendu au niveau d'un pli.",
            "Joint de piston du vérin usé.",
        ),
        (
            "Remplacement du raccord et recoupe du tuyau.",
            "Remplacement du tuyau sur 2 m.",
            "Remplacement du vérin, réglage des amortissements.",
        ),
        ("Usure normale", "Vieillissement", "Erreur de manipulation"),
        ("raccord", "joint"),
        0.2,
        40,
        0.0,
    ),
    FailureTypeRecipe(
        "PNE-EVAN",
        "Défaut électrovanne",
        "pneumatic",
        (
            "Vérin qui ne sort plus, électrovanne bloquée.",
            "Mouvement lent sur l'axe pneumatique.",
            "Bobine d'électrovanne chaude.",
        ),
        (
            "Bobine d'électrovanne grillée.",
            "Tiroir de l'électrovanne collé, air pollué.",
            "Silencieux d'échappement colmaté.",
        ),
        (
            "Remplacement de l'électrovanne, essais.",
            "Remplacement de la bobine et du silencieux.",
            "Nettoyage du tiroir, remplacement du filtre régulateur.",
        ),
        ("Air non conforme (eau, huile)", "Vieillissement", "Défaut électrique"),
        ("electrovanne",),
        0.7,
        45,
        0.0,
    ),
    FailureTypeRecipe(
        "ELE-SURC",
        "Surchauffe moteur",
        "electrical",
        (
            "Moteur très chaud, odeur de brûlé.",
            "Déclenchement du relais thermique.",
            "Température moteur en alarme.",
        ),
        (
            "Ventilation du moteur obstruée par la poussière.",
            "Surcharge mécanique sur l'entraînement.",
            "Relais thermique mal calibré.",
        ),
        (
            "Nettoyage du capot de ventilation, contrôle de l'intensité.",
            "Remplacement du relais thermique et réglage au courant nominal.",
            "Dépose du moteur pour rebobinage, pose d'un moteur de rechange.",
        ),
        ("Encrassement", "Surcharge", "Mauvais réglage"),
        ("relais", "roulement"),
        0.6,
        90,
        0.12,
    ),
    FailureTypeRecipe(
        "ELE-CC",
        "Court-circuit",
        "electrical",
        (
            "Court-circuit, fusibles fondus.",
            "Disjoncteur général déclenché avec bruit dans l'armoire.",
            "Traces de brûlure sur un bornier.",
        ),
        (
            "Câble endommagé dans la chaîne porte-câbles.",
            "Infiltration d'eau dans la boîte à bornes.",
            "Contacteur détérioré, pôles soudés.",
        ),
        (
            "Remplacement du câble et des fusibles, mesure d'isolement OK.",
            "Séchage, remplacement du bornier et du presse-étoupe.",
            "Remplacement du contacteur et des fusibles.",
        ),
        ("Défaut d'isolement", "Infiltration", "Vieillissement"),
        ("fusible", "contacteur"),
        0.95,
        120,
        0.08,
    ),
    FailureTypeRecipe(
        "ELE-DISJ",
        "Déclenchement disjoncteur",
        "electrical",
        (
            "Disjoncteur moteur déclenché à répétition.",
            "Disjoncteur qui déclenche au démarrage.",
            "Perte d'alimentation sur une partie de la machine.",
        ),
        (
            "Disjoncteur moteur fatigué.",
            "Courant de démarrage trop élevé, réglage inadapté.",
            "Défaut d'isolement sur un départ.",
        ),
        (
            "Remplacement du disjoncteur moteur.",
            "Réglage du disjoncteur, contrôle des intensités.",
            "Recherche de défaut, remplacement du câble incriminé.",
        ),
        ("Vieillissement", "Mauvais réglage", "Défaut d'isolement"),
        ("disjoncteur", "fusible"),
        0.8,
        60,
        0.0,
    ),
    FailureTypeRecipe(
        "ELE-VARI",
        "Défaut variateur",
        "electrical",
        (
            "Variateur en défaut surintensité.",
            "Variateur en défaut surtension au freinage.",
            "Afficheur du variateur éteint.",
        ),
        (
            "Ventilateur du variateur bloqué, surchauffe.",
            "Résistance de freinage hors service.",
            "Carte de puissance du variateur détruite.",
        ),
        (
            "Remplacement du ventilateur du variateur, nettoyage.",
            "Remplacement de la résistance de freinage.",
            "Remplacement du variateur par celui du stock, paramétrage.",
        ),
        ("Encrassement", "Vieillissement", "Surtension réseau"),
        ("fusible", "relais"),
        0.9,
        120,
        0.15,
    ),
    FailureTypeRecipe(
        "AUT-CAPT",
        "Défaut capteur",
        "automation",
        (
            "Défaut capteur de position, cycle bloqué.",
            "Détecteur qui ne voit plus la pièce.",
            "Information capteur intermittente.",
        ),
        (
            "Capteur inductif HS.",
            "Câble du capteur écrasé.",
            "Capteur déréglé, distance de détection trop grande.",
        ),
        (
            "Remplacement du capteur, réglage de la distance.",
            "Remplacement du câble M12.",
            "Réglage du capteur et resserrage du support.",
        ),
        ("Vieillissement", "Choc", "Mauvais réglage"),
        ("capteur", "connectique"),
        0.7,
        40,
        0.0,
    ),
    FailureTypeRecipe(
        "AUT-COMM",
        "Perte de communication automate",
        "automation",
        (
            "Perte de communication Profinet, ligne à l'arrêt.",
            "Automate en STOP.",
            "Défaut bus de terrain sur un îlot d'E/S.",
        ),
        (
            "Connecteur réseau oxydé.",
            "Coupleur d'E/S défaillant.",
            "Pile de sauvegarde de l'automate vide.",
        ),
        (
            "Remplacement du connecteur et du câble réseau.",
            "Remplacement du coupleur, rechargement de la configuration.",
            "Remplacement de la pile, rechargement du programme sauvegardé.",
        ),
        ("Vieillissement", "Défaut électrique", "Fréquence d'entretien insuffisante"),
        ("connectique",),
        0.95,
        90,
        0.1,
    ),
    FailureTypeRecipe(
        "AUT-SECU",
        "Défaut sécurité machine",
        "automation",
        (
            "Barrière immatérielle en défaut, machine bloquée.",
            "Porte de la cellule vue ouverte alors qu'elle est fermée.",
            "Arrêt d'urgence impossible à réarmer.",
        ),
        (
            "Barrière immatérielle désalignée.",
            "Interrupteur de sécurité de porte cassé.",
            "Bouton d'arrêt d'urgence défectueux.",
        ),
        (
            "Réalignement de la barrière, test de fonctionnement.",
            "Remplacement de l'interrupteur de sécurité.",
            "Remplacement du bouton d'arrêt d'urgence, test de la chaîne de sécurité.",
        ),
        ("Choc", "Vieillissement", "Erreur opérateur"),
        ("securite", "capteur"),
        1.0,
        60,
        0.0,
    ),
    FailureTypeRecipe(
        "AUT-ROBO",
        "Dérive de trajectoire robot",
        "automation",
        (
            "Cordon de soudure décalé.",
            "Collision du robot avec le montage.",
            "Robot en défaut codeur sur l'axe 4.",
        ),
        (
            "Point outil (TCP) décalé après un choc de torche.",
            "Câble codeur endommagé dans le faisceau.",
            "Prise d'origine perdue après coupure.",
        ),
        (
            "Recalage du TCP, retouche des points.",
            "Remplacement du col de cygne, recalage du TCP.",
            "Remplacement du câble codeur, recalage des axes.",
        ),
        ("Choc", "Usure normale", "Coupure d'alimentation"),
        ("soudage",),
        0.9,
        120,
        0.1,
    ),
    FailureTypeRecipe(
        "THE-TEMP",
        "Défaut de régulation de température",
        "thermal",
        (
            "Température hors consigne.",
            "Alarme température haute.",
            "La température oscille fortement.",
        ),
        (
            "Sonde de température dérivée.",
            "Vanne de régulation grippée.",
            "Régulateur mal paramétré après une coupure.",
        ),
        (
            "Remplacement de la sonde PT100, étalonnage.",
            "Dégrippage de la vanne, remplacement du servomoteur.",
            "Reparamétrage du régulateur, suivi de la courbe.",
        ),
        ("Vieillissement", "Encrassement", "Mauvais réglage"),
        ("sonde",),
        0.4,
        75,
        0.1,
    ),
    FailureTypeRecipe(
        "THE-FRIG",
        "Fuite de fluide frigorigène",
        "thermal",
        (
            "Groupe en défaut basse pression.",
            "Baisse de production de froid.",
            "Traces d'huile sur le circuit frigorifique.",
        ),
        (
            "Fuite sur un raccord flare.",
            "Microfissure sur le condenseur.",
            "Vanne Schrader non étanche.",
        ),
        (
            "Recherche de fuite, brasure, tirage au vide et recharge.",
            "Remplacement de la vanne, recharge en fluide.",
            "Intervention du frigoriste, remplacement de la batterie.",
        ),
        ("Vibrations", "Vieillissement", "Corrosion"),
        ("joint",),
        0.6,
        180,
        0.7,
    ),
    FailureTypeRecipe(
        "PRO-QUAL",
        "Défaut qualité produit",
        "process",
        (
            "Pièces non conformes détectées au contrôle.",
            "Dérive des cotes sur la série en cours.",
            "Aspect de surface non conforme.",
        ),
        (
            "Dérive de réglage après changement de série.",
            "Outillage usé, cotes hors tolérance.",
            "Paramètres process modifiés par erreur.",
        ),
        (
            "Réglage, contrôle de 5 pièces, redémarrage.",
            "Changement d'outillage, validation première pièce.",
            "Restauration des paramètres de référence, verrouillage des accès.",
        ),
        ("Mauvais réglage", "Usure normale", "Erreur opérateur"),
        ("outillage",),
        0.5,
        60,
        0.0,
    ),
)

# How a failure of a category is reported, and by which skill it is repaired.
CATEGORY_SKILLS: dict[str, str] = {
    "mechanical": "mécanique",
    "hydraulic": "hydraulique",
    "pneumatic": "mécanique",
    "electrical": "électricité",
    "automation": "automatisme",
    "thermal": "électricité",
    "process": "mécanique",
}

REPORT_CONTEXTS: tuple[str, ...] = (
    "Constaté par l'opérateur en début de poste.",
    "Alarme remontée sur le pupitre de la ligne.",
    "Signalé lors de la ronde de l'équipe de nuit.",
    "Production ralentie en attendant l'intervention.",
    "Déjà observé la semaine dernière, cela s'aggrave.",
    "Signalé par le chef d'équipe.",
    "Vu pendant le changement de série.",
    "",
)

STOP_CONTEXTS: tuple[str, ...] = (
    "Machine à l'arrêt.",
    "Arrêt de la ligne demandé par le chef d'équipe.",
    "Machine consignée en attendant l'intervention.",
)

CANCEL_REASONS: tuple[str, ...] = (
    "Doublon d'une demande déjà ouverte.",
    "Fausse alarme, fonctionnement normal constaté.",
    "Problème réglé par l'opérateur (réarmement).",
)

REJECTION_COMMENTS: tuple[str, ...] = (
    "Essai de fonctionnement non concluant, reprendre le réglage.",
    "La fuite réapparaît après une heure de production.",
    "Fiche incomplète : préciser les pièces utilisées.",
)

EXTERNAL_CONTRACTORS: tuple[str, ...] = (
    "Intervention du constructeur sous contrat.",
    "Appel à un frigoriste agréé.",
    "Rebobinage du moteur chez un prestataire.",
    "Dépannage par le SAV du constructeur.",
)

PREVENTIVE_REPORTS: tuple[str, ...] = (
    "Visite réalisée selon la gamme, RAS.",
    "Gamme réalisée, aucun point bloquant.",
    "Visite réalisée. Usure à surveiller à la prochaine visite.",
    "Gamme réalisée, appoint de lubrifiant effectué.",
    "Visite réalisée, resserrage de deux connexions.",
    "Gamme réalisée avec la production à l'arrêt programmé.",
)

VALIDATION_COMMENTS: tuple[str, ...] = ("", "", "", "RAS.", "OK, merci.", "Vu avec la production.")

CANCELLED_TASK_REASONS: tuple[str, ...] = (
    "Reportée : machine non disponible (production prioritaire).",
    "Annulée : visite regroupée avec la révision.",
)

OUT_OF_SERVICE_REASONS: tuple[str, ...] = (
    "Machine arrêtée définitivement, remplacement prévu.",
    "Mise hors service : ligne en cours de réaménagement.",
    "Hors service en attente de la décision de réparation.",
)

# ------------------------------------------------------------------------- spare parts


@dataclass(frozen=True)
class PartFamily:
    key: str
    category: str
    unit: str
    cost: tuple[float, float]  # unit cost range, euros
    min_qty: tuple[int, int]  # reorder point range
    issue_qty: tuple[int, int]  # quantity taken at once
    # True: made for particular kinds of machine (recorded as part compatibility)
    specific: bool
    variants: tuple[tuple[str, str], ...]  # (reference, description), every one unique


def _bearings() -> tuple[tuple[str, str], ...]:
    series = [f"60{n:02d}" for n in range(13)] + [f"62{n:02d}" for n in range(13)]
    series += [f"63{n:02d}" for n in range(11)] + [f"68{n:02d}" for n in range(11)]
    series += [f"160{n:02d}" for n in range(1, 11)]
    out = []
    for brand in ("SKF", "FAG", "NSK", "NTN-SNR", "Timken"):
        for s in series:
            for suffix, kind in (("-2RS", "étanche"), ("-2Z", "flasqué"), ("", "ouvert")):
                out.append(
                    (f"{brand} {s}{suffix}", f"Roulement à billes {s}{suffix} {kind} {brand}")
                )
    for brand in ("SKF", "FAG"):
        for s in ("22208 E", "22210 E", "22212 E", "22215 E", "NU 208", "NU 210", "NU 212"):
            out.append((f"{brand} {s}", f"Roulement à rouleaux {s} {brand}"))
    return tuple(out)


def _belts() -> tuple[tuple[str, str], ...]:
    out = []
    for brand in ("Gates", "Optibelt", "Continental"):
        for profile in ("SPZ", "SPA", "SPB", "XPZ", "XPA"):
            for length in range(800, 3550, 50):
                out.append(
                    (
                        f"{profile} {length} {brand}",
                        f"Courroie trapézoïdale {profile} {length} Lw {brand}",
                    )
                )
        for pitch in ("5M", "8M", "14M"):
            for length in range(600, 2400, 80):
                out.append(
                    (
                        f"HTD {length}-{pitch} {brand}",
                        f"Courroie crantée HTD {length}-{pitch} {brand}",
                    )
                )
    return tuple(out)


def _couplings() -> tuple[tuple[str, str], ...]:
    out = []
    for size in (19, 24, 28, 38, 42, 48, 55, 65, 75, 90):
        out.append((f"KTR ROTEX {size}", f"Accouplement élastique ROTEX {size} KTR"))
        out.append((f"KTR ROTEX {size} 92SHA", f"Élément élastique ROTEX {size} 92 Sh A KTR"))
    for size in (70, 90, 110, 130, 150, 180, 200, 230):
        out.append((f"FENNER HRC {size}", f"Accouplement HRC {size} Fenner"))
    return tuple(out)


def _chains() -> tuple[tuple[str, str], ...]:
    out = []
    for brand in ("Renold", "iwis", "Tsubaki"):
        for iso in ("06B", "08B", "10B", "12B", "16B", "20B", "24B"):
            for rows, label in (("1", "simple"), ("2", "double"), ("3", "triple")):
                out.append(
                    (
                        f"{brand.upper()} {iso}-{rows} 5M",
                        f"Chaîne à rouleaux {iso}-{rows} {label}, 5 m, {brand}",
                    )
                )
    return tuple(out)


def _screws() -> tuple[tuple[str, str], ...]:
    out = []
    kinds = (
        ("CHC", "Vis CHC"),
        ("FHC", "Vis FHC"),
        ("H", "Vis tête hexagonale"),
        ("ECR", "Écrou frein"),
    )
    for grade, grade_label in (("8.8", "classe 8.8"), ("A2", "inox A2")):
        for kind, label in kinds:
            for d in (4, 5, 6, 8, 10, 12, 14, 16, 20):
                lengths = (0,) if kind == "ECR" else (10, 16, 20, 25, 30, 40, 50, 60, 80)
                for length in lengths:
                    size = f"M{d}" if not length else f"M{d}x{length}"
                    out.append(
                        (f"{kind}-{size}-{grade}", f"{label} {size} {grade_label} (boîte de 100)")
                    )
    return tuple(out)


def _tools() -> tuple[tuple[str, str], ...]:
    out = []
    for brand in ("Sandvik", "Kennametal", "Iscar"):
        for shape in ("CNMG", "DNMG", "WNMG", "VNMG", "TNMG", "SNMG"):
            for radius in ("04", "08", "12"):
                out.append(
                    (
                        f"{shape} 1204{radius} {brand}",
                        f"Plaquette de tournage {shape} 1204{radius} {brand} (boîte de 10)",
                    )
                )
    for d in range(3, 41):
        out.append((f"POIN-ISO8020-{d}", f"Poinçon de découpe ISO 8020 ø{d} mm"))
    return tuple(out)


def _seals() -> tuple[tuple[str, str], ...]:
    out = []
    for material in ("NBR 70", "FKM 80"):
        for inner in range(3, 200, 2):
            for cross in (1.5, 2.0, 2.5, 3.0, 4.0, 5.0):
                cs = f"{cross:.1f}".replace(".", ",")
                out.append(
                    (
                        f"OR {inner}x{cross:.1f} {material.split()[0]}",
                        f"Joint torique {material} {inner} x {cs}",
                    )
                )
    for shaft in range(15, 100, 5):
        out.append((f"BA {shaft}x{shaft + 17}x8", f"Joint à lèvre {shaft} x {shaft + 17} x 8 NBR"))
    for bore in (32, 40, 50, 63, 80, 100, 125, 160, 200, 250):
        out.append((f"KIT-VERIN-{bore}", f"Kit joints de vérin hydraulique ø{bore}"))
    return tuple(out)


def _hoses() -> tuple[tuple[str, str], ...]:
    out = []
    for dn in (6, 8, 10, 12, 16, 20, 25, 32):
        for length in range(500, 3250, 250):
            out.append(
                (f"FLEX-2SN-DN{dn}-{length}", f"Flexible hydraulique 2SN DN{dn} L = {length} mm")
            )
    return tuple(out)


def _hydraulic_filters() -> tuple[tuple[str, str], ...]:
    out = []
    for size in ("0030", "0060", "0110", "0160", "0240", "0330", "0500", "0660"):
        for grade in ("003", "005", "010", "020"):
            out.append(
                (
                    f"HYDAC {size} D {grade} BN4HC",
                    f"Élément filtrant hydraulique Hydac {size} D {grade} BN4HC",
                )
            )
    for ref in ("937399Q", "932612Q", "938735Q", "G04264", "G04278", "FC1281.Q010.BK"):
        out.append((f"PARKER {ref}", f"Élément filtrant hydraulique Parker {ref}"))
    return tuple(out)


def _air_filters() -> tuple[tuple[str, str], ...]:
    out = []
    for n in range(18):
        code = f"16136{n:02d}5{(n * 7) % 10}0"
        out.append((f"AC {code}", f"Kit filtres Atlas Copco {code} (air, huile)"))
        out.append((f"KAESER 6.4{163 + n}.0", f"Filtre à huile Kaeser 6.4{163 + n}.0"))
        out.append((f"KAESER 6.2{184 + n}.0", f"Filtre à air Kaeser 6.2{184 + n}.0"))
    for width in (287, 490, 592):
        for height in (287, 490, 592):
            out.append((f"POCHE-F7-{width}x{height}", f"Filtre à poches F7 {width}x{height}x600"))
            out.append((f"PLAN-G4-{width}x{height}", f"Filtre plan G4 {width}x{height}x48"))
            out.append((f"PLAFOND-M5-{width}x{height}", f"Filtre de plafond M5 {width}x{height}"))
    return tuple(out)


def _fittings() -> tuple[tuple[str, str], ...]:
    out = []
    for brand in ("Legris", "Festo", "Parker"):
        for shape in ("droit", "coudé", "té"):
            for thread in ("G1/8", "G1/4", "G3/8", "G1/2"):
                for tube in (4, 6, 8, 10, 12):
                    ref = f"{brand.upper()} {shape[:2].upper()}-{thread}-{tube}"
                    out.append((ref, f"Raccord instantané {shape} {thread} tube ø{tube} {brand}"))
    return tuple(out)


def _valves() -> tuple[tuple[str, str], ...]:
    out = []
    for ref in ("VUVG-L14-M52", "VUVG-L18-M52", "VUVG-L14-B52", "VUVG-L18-B52", "MFH-5-1/4"):
        out.append((f"FESTO {ref}", f"Électrovanne 5/2 Festo {ref} 24 V CC"))
    for ref in ("SY5120-5DZ", "SY7120-5DZ", "SY3120-5LZ", "VQ2100-5", "VF3130-5DZ1"):
        out.append((f"SMC {ref}", f"Électrovanne 5/2 SMC {ref} 24 V CC"))
    for bore in (32, 40, 50, 63, 80, 100):
        for stroke in (25, 50, 80, 100, 160, 200, 250, 320, 400, 500):
            out.append(
                (
                    f"FESTO DSBC-{bore}-{stroke}-PPVA",
                    f"Vérin pneumatique ISO 15552 ø{bore} course {stroke} Festo",
                )
            )
    return tuple(out)


def _fuses() -> tuple[tuple[str, str], ...]:
    out = []
    sizes = ("8,5x31,5", "10x38", "14x51", "22x58")
    for kind in ("gG", "aM"):
        for size in sizes:
            for amps in (1, 2, 4, 6, 8, 10, 12, 16, 20, 25, 32, 40, 50, 63, 80, 100, 125):
                out.append(
                    (
                        f"FUS-{kind}-{size.replace(',', '.')}-{amps}A",
                        f"Fusible {kind} {size} {amps} A",
                    )
                )
    return tuple(out)


def _contactors() -> tuple[tuple[str, str], ...]:
    out = []
    ratings = ("09", "12", "18", "25", "32", "38", "40A", "50A", "65A", "80", "95", "115", "150")
    for rating in ratings:
        for coil, volts in (("B7", "24 V CA"), ("BD", "24 V CC"), ("P7", "230 V CA")):
            out.append(
                (f"LC1D{rating}{coil}", f"Contacteur TeSys Schneider LC1D{rating}{coil} {volts}")
            )
    for ref in ("3RT2015", "3RT2016", "3RT2017", "3RT2023", "3RT2024", "3RT2026", "3RT2036"):
        for coil, volts in (("-1BB40", "24 V CC"), ("-1AP00", "230 V CA")):
            out.append((f"{ref}{coil}", f"Contacteur Siemens SIRIUS {ref}{coil} {volts}"))
    return tuple(out)


def _relays() -> tuple[tuple[str, str], ...]:
    out = []
    for code in ("05", "06", "07", "08", "10", "12", "14", "16", "21", "22", "32", "35"):
        out.append((f"LRD{code}", f"Relais thermique TeSys LRD{code} Schneider"))
    for ref in ("RXM4AB2BD", "RXM4AB2P7", "RXM2AB2BD", "RSB1A160BD", "RSL1PVBU"):
        out.append((ref, f"Relais de commande Schneider {ref}"))
    for ref in ("3RU2116-1GB0", "3RU2116-1JB0", "3RU2126-4AB0", "3RU2126-4BB0"):
        out.append((ref, f"Relais de surcharge Siemens {ref}"))
    return tuple(out)


def _breakers() -> tuple[tuple[str, str], ...]:
    out = []
    for code in ("01", "02", "03", "04", "05", "06", "07", "08", "10", "14", "16", "20", "21"):
        out.append((f"GV2ME{code}", f"Disjoncteur moteur TeSys GV2ME{code} Schneider"))
    for poles in (1, 2, 3, 4):
        for amps in (2, 4, 6, 10, 16, 20, 25, 32, 40, 50, 63):
            out.append((f"IC60N-{poles}P-C{amps}", f"Disjoncteur iC60N {poles}P C{amps} A"))
    return tuple(out)


def _sensors() -> tuple[tuple[str, str], ...]:
    out = []
    for brand in ("Sick", "ifm", "Pepperl+Fuchs", "Balluff", "Omron"):
        for body in ("M8", "M12", "M18", "M30"):
            for output in ("PNP", "NPN"):
                for contact in ("NO", "NF"):
                    out.append(
                        (
                            f"IND-{brand.upper()[:4]}-{body}-{output}-{contact}",
                            f"Capteur inductif {body} {output} {contact} {brand}",
                        )
                    )
        for kind in ("reflex", "barrage", "proximité"):
            out.append(
                (
                    f"PHOTO-{brand.upper()[:4]}-{kind[:3].upper()}",
                    f"Détecteur photoélectrique {kind} {brand}",
                )
            )
    return tuple(out)


def _probes() -> tuple[tuple[str, str], ...]:
    out = []
    for length in (50, 100, 150, 200, 300, 500):
        out.append((f"PT100-{length}-D6", f"Sonde PT100 classe A L = {length} mm gaine ø6"))
        out.append((f"TCK-{length}-D3", f"Thermocouple type K L = {length} mm gaine ø3"))
    for bar in (1, 2.5, 6, 10, 16, 25, 40, 100, 250, 400):
        out.append(
            (
                f"IFM-PN-{bar}BAR",
                f"Transmetteur de pression 0-{bar} bar 4-20 mA ifm".replace(".", ","),
            )
        )
        out.append((f"PRESSOSTAT-{bar}BAR", f"Pressostat réglable 0-{bar} bar".replace(".", ",")))
    return tuple(out)


def _safety() -> tuple[tuple[str, str], ...]:
    out = []
    for height in (300, 450, 600, 750, 900, 1050, 1200, 1350, 1500, 1650, 1800):
        out.append(
            (f"SICK-DETEC4-{height}", f"Barrière immatérielle Sick deTec4 hauteur {height} mm")
        )
    for ref in ("AZM201", "AZM300", "BNS 260", "AZ 16", "TZM"):
        out.append((f"SCHMERSAL {ref}", f"Interrupteur de sécurité Schmersal {ref}"))
    for ref in ("XB4BS8445", "XB5AS8445", "XALK178", "XY2CE1A250"):
        out.append((ref, f"Arrêt d'urgence Schneider {ref}"))
    return tuple(out)


def _connectors() -> tuple[tuple[str, str], ...]:
    out = []
    for poles in (3, 4, 5, 8):
        for length in (2, 5, 10, 15):
            for shape in ("droit", "coudé"):
                out.append(
                    (
                        f"CAB-M12-{poles}P-{length}M-{shape[:1].upper()}",
                        f"Câble M12 {poles} pôles {length} m {shape}",
                    )
                )
    for ref in ("RJ45-IP67", "PROFINET-2M", "PROFINET-5M", "PROFINET-10M", "PROFIBUS-DB9"):
        out.append((ref, f"Connectique industrielle {ref.replace('-', ' ')}"))
    return tuple(out)


def _welding() -> tuple[tuple[str, str], ...]:
    out = []
    for brand in ("Binzel", "Fronius", "Lincoln"):
        for wire in ("0,8", "1,0", "1,2", "1,6"):
            for thread in ("M6", "M8"):
                out.append(
                    (
                        f"{brand.upper()} TC-{thread}-{wire.replace(',', '.')}",
                        f"Tube contact CuCrZr {thread} ø{wire} {brand} (lot de 10)",
                    )
                )
        for diameter in (12, 14, 16, 18):
            out.append(
                (f"{brand.upper()} BUSE-{diameter}", f"Buse gaz conique ø{diameter} {brand}")
            )
        for length in (3, 4, 5):
            out.append(
                (f"{brand.upper()} GAINE-{length}M", f"Gaine guide-fil acier {length} m {brand}")
            )
    return tuple(out)


def _greases() -> tuple[tuple[str, str], ...]:
    names = (
        "TotalEnergies Multis EP2",
        "TotalEnergies Ceran XM 220",
        "Mobilux EP 2",
        "Mobilith SHC 220",
        "Shell Gadus S2 V220 2",
        "SKF LGMT 2",
        "SKF LGHP 2",
        "SKF LGWA 2",
        "Klüber Isoflex NBU 15",
    )
    out = []
    for name in names:
        out.append((f"{name.upper()} 400G", f"Graisse {name} cartouche 400 g"))
        out.append((f"{name.upper()} 5KG", f"Graisse {name} seau 5 kg"))
    return tuple(out)


def _oils() -> tuple[tuple[str, str], ...]:
    names = (
        ("TotalEnergies Azolla ZS 46", "Huile hydraulique"),
        ("TotalEnergies Azolla ZS 68", "Huile hydraulique"),
        ("Mobil DTE 25", "Huile hydraulique"),
        ("Shell Tellus S2 MX 46", "Huile hydraulique"),
        ("Atlas Copco Roto-Inject Fluid", "Huile compresseur"),
        ("Kaeser Sigma Fluid S-460", "Huile compresseur"),
        ("TotalEnergies Carter EP 220", "Huile engrenages"),
        ("Mobilgear 600 XP 220", "Huile engrenages"),
        ("Shell Omala S2 GX 320", "Huile engrenages"),
    )
    out = []
    for name, label in names:
        out.append((f"{name.upper()} 20L", f"{label} {name} (bidon 20 L)"))
        out.append((f"{name.upper()} 208L", f"{label} {name} (fût 208 L)"))
    return tuple(out)


PART_FAMILIES: tuple[PartFamily, ...] = (
    PartFamily("roulement", "Roulements", "pc", (6, 95), (2, 6), (1, 2), True, _bearings()),
    PartFamily("courroie", "Transmission", "pc", (9, 70), (2, 4), (1, 2), True, _belts()),
    PartFamily("accouplement", "Transmission", "pc", (15, 320), (1, 2), (1, 1), True, _couplings()),
    PartFamily("chaine", "Transmission", "pc", (30, 260), (1, 2), (1, 1), True, _chains()),
    PartFamily("visserie", "Visserie", "boîte", (5, 45), (2, 5), (1, 1), False, _screws()),
    PartFamily("outillage", "Outillage", "pc", (12, 180), (3, 10), (1, 4), True, _tools()),
    PartFamily("joint", "Étanchéité", "pc", (0.5, 85), (4, 15), (1, 4), False, _seals()),
    PartFamily("flexible", "Hydraulique", "pc", (25, 180), (1, 3), (1, 1), False, _hoses()),
    PartFamily(
        "filtre_hyd", "Filtration", "pc", (40, 260), (2, 4), (1, 1), True, _hydraulic_filters()
    ),
    PartFamily("filtre_air", "Filtration", "pc", (12, 280), (4, 10), (1, 2), True, _air_filters()),
    PartFamily("raccord", "Pneumatique", "pc", (2, 15), (10, 30), (1, 4), False, _fittings()),
    PartFamily("electrovanne", "Pneumatique", "pc", (60, 420), (1, 2), (1, 1), True, _valves()),
    PartFamily("fusible", "Électricité", "pc", (1, 25), (10, 30), (2, 6), False, _fuses()),
    PartFamily("contacteur", "Électricité", "pc", (25, 450), (1, 3), (1, 1), False, _contactors()),
    PartFamily("relais", "Électricité", "pc", (20, 140), (1, 3), (1, 1), False, _relays()),
    PartFamily("disjoncteur", "Électricité", "pc", (25, 300), (1, 3), (1, 1), False, _breakers()),
    PartFamily("capteur", "Capteurs", "pc", (25, 180), (2, 5), (1, 1), False, _sensors()),
    PartFamily("sonde", "Capteurs", "pc", (30, 420), (1, 3), (1, 1), False, _probes()),
    PartFamily("securite", "Sécurité", "pc", (40, 1500), (1, 2), (1, 1), True, _safety()),
    PartFamily("connectique", "Automatisme", "pc", (8, 60), (3, 8), (1, 2), False, _connectors()),
    PartFamily("soudage", "Soudage", "pc", (2, 85), (10, 30), (1, 4), True, _welding()),
    PartFamily("graisse", "Lubrifiants", "pc", (8, 180), (4, 12), (1, 2), False, _greases()),
    PartFamily("huile", "Lubrifiants", "L", (4, 15), (40, 120), (2, 20), False, _oils()),
)

# How many catalogue parts come from each family, relative to each other.
FAMILY_WEIGHTS: dict[str, int] = {
    "roulement": 10,
    "courroie": 8,
    "accouplement": 2,
    "chaine": 2,
    "visserie": 5,
    "outillage": 4,
    "joint": 8,
    "flexible": 3,
    "filtre_hyd": 3,
    "filtre_air": 4,
    "raccord": 5,
    "electrovanne": 4,
    "fusible": 6,
    "contacteur": 4,
    "relais": 3,
    "disjoncteur": 3,
    "capteur": 6,
    "sonde": 3,
    "securite": 2,
    "connectique": 3,
    "soudage": 4,
    "graisse": 2,
    "huile": 2,
}

# ---------------------------------------------------------------------------- suppliers


@dataclass(frozen=True)
class SupplierRecipe:
    name: str
    contact_name: str
    email: str
    phone: str
    address: str
    families: tuple[str, ...]  # empty: a generalist who sells everything
    prefix: str


# Phone numbers are in ARCEP's ranges reserved for fiction; e-mails use exemple.fr.
SUPPLIERS: tuple[SupplierRecipe, ...] = (
    SupplierRecipe(
        "Rubix France",
        "Stéphane Morel",
        "commandes.rubix@exemple.fr",
        "04 65 71 10 20",
        "Parc de la Feyssine, 69100 Villeurbanne",
        (),
        "RBX",
    ),
    SupplierRecipe(
        "Würth France",
        "Aurélie Fontaine",
        "adv.wurth@exemple.fr",
        "03 53 01 22 40",
        "Z.I. Ouest, 67158 Erstein",
        ("visserie", "raccord", "fusible", "graisse", "connectique", "joint"),
        "WUR",
    ),
    SupplierRecipe(
        "RS Components",
        "Service client",
        "commandes.rs@exemple.fr",
        "01 99 00 31 50",
        "Rue Norman King, 60031 Beauvais",
        ("fusible", "contacteur", "relais", "capteur", "connectique", "disjoncteur", "sonde"),
        "RS",
    ),
    SupplierRecipe(
        "Rexel France",
        "Julie Garnier",
        "lyon.rexel@exemple.fr",
        "04 65 71 44 12",
        "Rue de Gerland, 69007 Lyon",
        ("contacteur", "disjoncteur", "fusible", "relais", "securite"),
        "REX",
    ),
    SupplierRecipe(
        "Sonepar France",
        "Olivier Chevalier",
        "industrie.sonepar@exemple.fr",
        "04 65 71 52 30",
        "Avenue de l'Europe, 38100 Grenoble",
        ("contacteur", "disjoncteur", "capteur", "securite", "connectique"),
        "SNP",
    ),
    SupplierRecipe(
        "Prolians",
        "Marc Besson",
        "agence.prolians@exemple.fr",
        "04 65 71 63 08",
        "Rue du Dauphiné, 42000 Saint-Étienne",
        ("visserie", "outillage", "joint", "graisse", "huile", "soudage"),
        "PRO",
    ),
    SupplierRecipe(
        "Hydac France",
        "Cédric Lambert",
        "ventes.hydac@exemple.fr",
        "03 53 01 70 90",
        "Technopôle Forbach Sud, 57600 Forbach",
        ("filtre_hyd", "flexible", "huile", "joint"),
        "HYD",
    ),
    SupplierRecipe(
        "Festo France",
        "Service commandes",
        "commandes.festo@exemple.fr",
        "01 99 00 82 11",
        "ZA des Maisons Rouges, 94360 Bry-sur-Marne",
        ("electrovanne", "raccord", "capteur"),
        "FST",
    ),
    SupplierRecipe(
        "Atlas Copco Compresseurs",
        "Service pièces",
        "pieces.atlascopco@exemple.fr",
        "01 99 00 45 67",
        "Rue de la Bergère, 95310 Saint-Ouen-l'Aumône",
        ("filtre_air", "huile"),
        "ACC",
    ),
    SupplierRecipe(
        "Kaeser Compresseurs",
        "Nathalie Perrin",
        "sav.kaeser@exemple.fr",
        "03 53 01 91 23",
        "Rue du Champ de Course, 67130 Schirmeck",
        ("filtre_air", "huile"),
        "KAE",
    ),
    SupplierRecipe(
        "Dexis France",
        "Laurent Mercier",
        "lyon.dexis@exemple.fr",
        "04 65 71 28 74",
        "Boulevard des Droits de l'Homme, 69500 Bron",
        ("roulement", "courroie", "chaine", "accouplement", "joint", "flexible"),
        "DXS",
    ),
    SupplierRecipe(
        "Lincoln Electric France",
        "Service client",
        "commandes.lincoln@exemple.fr",
        "03 53 01 15 35",
        "Avenue Franklin Roosevelt, 59270 Bailleul",
        ("soudage",),
        "LIN",
    ),
    SupplierRecipe(
        "Legallais",
        "Sandrine Rolland",
        "pro.legallais@exemple.fr",
        "02 61 91 36 48",
        "Rue d'Atalante, 14200 Hérouville-Saint-Clair",
        ("visserie", "outillage", "graisse"),
        "LEG",
    ),
    SupplierRecipe(
        "Farnell France",
        "Service client",
        "ventes.farnell@exemple.fr",
        "01 99 00 27 19",
        "Rue Sadi Carnot, 93300 Aubervilliers",
        ("fusible", "relais", "capteur", "connectique", "sonde"),
        "FNL",
    ),
)

# Storage: one central store per site, plus a room for oils and greases.
CENTRAL_STORE = "Magasin central"
LUBRICANT_STORE = "Local lubrifiants"
LUBRICANT_FAMILIES = frozenset({"graisse", "huile"})

FREE_ISSUE_REASONS: tuple[str, ...] = (
    "Sortie pour dépannage",
    "Consommable atelier",
    "Sortie pour la ligne",
    "Prélèvement pour intervention",
)
