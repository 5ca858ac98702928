"""Hand-made French vocabularies for the demo firm: names, streets, cities, courts, matters.

Everything here is invented or public (court names and seats). E-mail domains use the
reserved ``.example`` top-level domain (RFC 2606) so that a demo base plugged into a real SMTP
server can never mail a real person.
"""

from __future__ import annotations

MALE_FIRST_NAMES = (
    "Jean", "Pierre", "Michel", "André", "Philippe", "Alain", "Jacques", "Bernard", "Patrick",
    "Nicolas", "Christophe", "Stéphane", "Laurent", "Frédéric", "Éric", "Olivier", "Thierry",
    "Sébastien", "Julien", "David", "Guillaume", "Thomas", "Antoine", "Maxime", "Alexandre",
    "Hugo", "Lucas", "Louis", "Gabriel", "Léo", "Raphaël", "Arthur", "Jules", "Noël", "Benoît",
    "Jérôme", "Rémi", "Loïc", "Gaël", "Cédric", "Franck", "Yves", "Hervé", "Gérard", "Daniel",
    "Marc", "Vincent", "Mathieu", "Romain", "Clément", "Baptiste", "Théo", "Quentin", "Florian",
    "Kévin", "Anthony", "Bruno", "Didier", "Pascal", "François", "René", "Joël", "Mickaël",
    "Grégoire", "Aurélien", "Étienne", "Jean-Pierre", "Jean-Luc", "Jean-François", "Jean-Marc",
    "Yannick", "Karim", "Mehdi", "Mohamed", "Youssef", "Samir", "Timothée", "Adrien", "Denis",
    "Gilles", "Serge", "Emmanuel", "Xavier", "Fabrice", "Lionel", "Matthieu", "Valentin", "Enzo",
    "Nathan", "Tristan", "Corentin", "Erwan", "Killian", "Aymeric", "Josselin", "Hippolyte",
)

FEMALE_FIRST_NAMES = (
    "Marie", "Nathalie", "Isabelle", "Sylvie", "Catherine", "Françoise", "Monique", "Christine",
    "Valérie", "Sandrine", "Véronique", "Céline", "Stéphanie", "Sophie", "Aurélie", "Émilie",
    "Julie", "Camille", "Laura", "Léa", "Manon", "Chloé", "Emma", "Inès", "Jade", "Louise",
    "Alice", "Zoé", "Lina", "Hélène", "Gaëlle", "Anaïs", "Mélanie", "Élodie", "Agnès",
    "Bénédicte", "Cécile", "Danièle", "Geneviève", "Josiane", "Martine", "Brigitte", "Nicole",
    "Chantal", "Annie", "Claire", "Pauline", "Margaux", "Océane", "Maëlle", "Clémence", "Noémie",
    "Héloïse", "Joséphine", "Marie-Christine", "Anne-Sophie", "Marie-Hélène", "Fatima", "Nadia",
    "Samira", "Leïla", "Yasmine", "Amandine", "Audrey", "Virginie", "Karine", "Lætitia",
    "Coralie", "Éloïse", "Solène", "Justine", "Mathilde", "Charlotte", "Lucie", "Ophélie",
    "Bérénice", "Nolwenn", "Maïwenn", "Armelle", "Ghislaine", "Odile", "Colette", "Juliette",
    "Capucine", "Apolline", "Salomé", "Rose", "Anne", "Florence", "Delphine", "Estelle",
)

LAST_NAMES = (
    "Martin", "Bernard", "Thomas", "Petit", "Robert", "Richard", "Durand", "Dubois", "Moreau",
    "Laurent", "Simon", "Michel", "Lefèvre", "Leroy", "Roux", "David", "Bertrand", "Morel",
    "Fournier", "Girard", "Bonnet", "Dupont", "Lambert", "Fontaine", "Rousseau", "Vincent",
    "Muller", "Lefebvre", "Faure", "André", "Mercier", "Blanc", "Guérin", "Boyer", "Garnier",
    "Chevalier", "François", "Legrand", "Gauthier", "Garcia", "Perrin", "Robin", "Clément",
    "Morin", "Nicolas", "Henry", "Roussel", "Mathieu", "Gautier", "Masson", "Marchand", "Duval",
    "Denis", "Dumont", "Marie", "Lemaire", "Noël", "Meyer", "Dufour", "Meunier", "Brun",
    "Blanchard", "Giraud", "Joly", "Rivière", "Lucas", "Brunet", "Gaillard", "Barbier", "Arnaud",
    "Martinez", "Gérard", "Roche", "Renard", "Schmitt", "Roy", "Leroux", "Colin", "Vidal",
    "Caron", "Picard", "Roger", "Fabre", "Aubert", "Lemoine", "Renaud", "Dumas", "Lacroix",
    "Olivier", "Philippe", "Bourgeois", "Pierre", "Benoît", "Rey", "Leclerc", "Payet", "Rolland",
    "Leclercq", "Guillaume", "Lecomte", "Lopez", "Jean", "Dupuy", "Guillot", "Hubert", "Berger",
    "Carpentier", "Sanchez", "Dupuis", "Moulin", "Louis", "Deschamps", "Huet", "Vasseur",
    "Perez", "Boucher", "Fleury", "Royer", "Klein", "Jacquet", "Adam", "Paris", "Poirier",
    "Marty", "Aubry", "Guyot", "Carré", "Charles", "Renault", "Charpentier", "Ménard",
    "Maillard", "Baron", "Bertin", "Bailly", "Hervé", "Schneider", "Fernandez", "Le Gall",
    "Collet", "Léger", "Bouvier", "Julien", "Prévost", "Millet", "Perrot", "Daniel", "Le Roux",
    "Cousin", "Germain", "Breton", "Besson", "Langlois", "Rémy", "Le Goff", "Pelletier",
    "Lévêque", "Perrier", "Leblanc", "Barré", "Lebrun", "Marchal", "Weber", "Mallet", "Hamon",
    "Boulanger", "Jacob", "Monnier", "Michaud", "Rodriguez", "Guichard", "Gillet", "Étienne",
    "Grondin", "Poulain", "Tessier", "Chevallier", "Collin", "Chauvin", "Da Silva", "Bouchet",
    "Gay", "Lemaître", "Bénard", "Maréchal", "Humbert", "Reynaud", "Antoine", "Hoarau", "Perret",
    "Barthélemy", "Cordier", "Pichon", "Lejeune", "Gilbert", "Lamy", "Delaunay", "Pasquier",
    "Carlier", "Laporte", "Nguyen", "Traoré", "Diallo", "Benali", "Haddad", "Mansouri",
    "Kowalski", "Le Bihan", "Kerbrat", "Quéré", "Riou", "Lagarde", "Courtois", "Bérenger",
    "Thébault", "Château", "Crépin", "Dubœuf", "Lecœur", "D'Almeida", "Ferreira", "Pereira",
    "Lemoigne", "Tanguy", "Jégou", "Le Floch", "Salaün", "Goujon", "Vallée", "Forestier",
    "Bouquet", "Delmas", "Castel", "Bazin", "Raynaud", "Sauvage", "Hébert", "Guillou", "Texier",
    "Bourdon", "Cartier", "Charrier", "Delorme", "Devaux", "Drouet", "Granger", "Hardy",
    "Jourdan", "Laurens", "Maillet", "Mangin", "Navarro", "Ollivier", "Pages", "Parent",
    "Pineau", "Rigaud", "Rossi", "Sabatier", "Teixeira", "Toussaint", "Vaillant", "Verdier",
)

# (name, postal codes, landline prefixes = first 3 digits of the 9-digit national number)
CITIES: tuple[tuple[str, tuple[str, ...], tuple[str, ...]], ...] = (
    ("Paris", tuple(f"750{n:02d}" for n in range(1, 21)), ("140", "142", "143", "144", "145", "147", "153")),
    ("Lyon", tuple(f"6900{n}" for n in range(1, 10)), ("472", "478", "437")),
    ("Marseille", tuple(f"130{n:02d}" for n in range(1, 17)), ("491", "496")),
    ("Toulouse", ("31000", "31100", "31200", "31300", "31400", "31500"), ("561", "562", "534")),
    ("Bordeaux", ("33000", "33100", "33200", "33300", "33800"), ("556", "557")),
    ("Lille", ("59000", "59160", "59260", "59777", "59800"), ("320", "328")),
    ("Nantes", ("44000", "44100", "44200", "44300"), ("240", "251")),
    ("Strasbourg", ("67000", "67100", "67200"), ("388", "390")),
    ("Nice", ("06000", "06100", "06200", "06300"), ("493", "492")),
    ("Rennes", ("35000", "35200", "35700"), ("299", "223")),
    ("Montpellier", ("34000", "34070", "34080", "34090"), ("467", "499")),
    ("Grenoble", ("38000", "38100"), ("476", "438")),
    ("Dijon", ("21000",), ("380",)),
    ("Reims", ("51100",), ("326",)),
    ("Le Havre", ("76600", "76610", "76620"), ("235", "232")),
    ("Rouen", ("76000", "76100"), ("235", "232")),
    ("Toulon", ("83000", "83100", "83200"), ("494",)),
    ("Saint-Étienne", ("42000", "42100"), ("477",)),
    ("Angers", ("49000", "49100"), ("241",)),
    ("Tours", ("37000", "37100", "37200"), ("247",)),
    ("Clermont-Ferrand", ("63000", "63100"), ("473",)),
    ("Limoges", ("87000", "87100"), ("555",)),
    ("Orléans", ("45000", "45100"), ("238",)),
    ("Metz", ("57000", "57050"), ("387",)),
    ("Nancy", ("54000", "54100"), ("383",)),
    ("Caen", ("14000",), ("231",)),
    ("Brest", ("29200",), ("298",)),
    ("Besançon", ("25000",), ("381",)),
    ("Perpignan", ("66000", "66100"), ("468",)),
    ("Amiens", ("80000", "80090"), ("322",)),
    ("Le Mans", ("72000", "72100"), ("243",)),
    ("Poitiers", ("86000",), ("549",)),
    ("Pau", ("64000",), ("559",)),
    ("Bayonne", ("64100",), ("559",)),
    ("Annecy", ("74000",), ("450",)),
    ("Avignon", ("84000",), ("490",)),
    ("Nîmes", ("30000", "30900"), ("466",)),
    ("Aix-en-Provence", ("13090", "13100", "13290"), ("442",)),
    ("La Rochelle", ("17000",), ("546",)),
    ("Versailles", ("78000",), ("139",)),
    ("Boulogne-Billancourt", ("92100",), ("146",)),
    ("Nanterre", ("92000",), ("147",)),
    ("Neuilly-sur-Seine", ("92200",), ("146", "147")),
    ("Saint-Denis", ("93200", "93210"), ("148", "149")),
    ("Montreuil", ("93100",), ("148",)),
    ("Créteil", ("94000",), ("143", "149")),
    ("Vincennes", ("94300",), ("143",)),
    ("Colmar", ("68000",), ("389",)),
    ("Mulhouse", ("68100", "68200"), ("389",)),
    ("Valence", ("26000",), ("475",)),
    ("Chambéry", ("73000",), ("479",)),
    ("Troyes", ("10000",), ("325",)),
    ("Lorient", ("56100",), ("297",)),
    ("Vannes", ("56000",), ("297",)),
    ("Quimper", ("29000",), ("298",)),
    ("Saint-Malo", ("35400",), ("299",)),
    ("Ajaccio", ("20000", "20090"), ("495",)),
    ("Bastia", ("20200", "20600"), ("495",)),
    ("Biarritz", ("64200",), ("559",)),
    ("Cannes", ("06400", "06150"), ("493",)),
    ("Antibes", ("06600", "06160"), ("493",)),
    ("Évry-Courcouronnes", ("91000", "91080"), ("160",)),
    ("Cergy", ("95000", "95800"), ("130", "134")),
    ("Melun", ("77000",), ("160", "164")),
    ("Meaux", ("77100",), ("160",)),
    ("Arras", ("62000",), ("321",)),
    ("Saint-Nazaire", ("44600",), ("240",)),
    ("Bourges", ("18000",), ("248",)),
    ("Agen", ("47000",), ("553",)),
    ("Niort", ("79000",), ("549",)),
    ("Chartres", ("28000",), ("237",)),
    ("Auxerre", ("89000",), ("386",)),
    ("Douai", ("59500",), ("327",)),
)
# Where people and companies are: Paris and the big cities weigh more.
CITY_WEIGHTS = tuple(
    {"Paris": 30, "Lyon": 10, "Marseille": 8, "Toulouse": 6, "Bordeaux": 5, "Lille": 5,
     "Nantes": 5, "Strasbourg": 3, "Nice": 4, "Rennes": 3, "Montpellier": 3, "Boulogne-Billancourt": 3,
     "Nanterre": 3, "Neuilly-sur-Seine": 3, "Versailles": 3, "Saint-Denis": 2, "Montreuil": 2,
     "Créteil": 2, "Vincennes": 2, "Grenoble": 2}.get(name, 1)
    for name, _codes, _prefixes in CITIES
)

STREETS = (
    "rue de la République", "avenue Jean-Jaurès", "boulevard Victor-Hugo", "rue Pasteur",
    "place de la Mairie", "rue du Général-de-Gaulle", "allée des Tilleuls", "chemin des Vignes",
    "rue des Écoles", "rue Nationale", "avenue de la Gare", "impasse des Lilas", "rue Saint-Michel",
    "quai de la Loire", "rue Émile-Zola", "rue Gambetta", "avenue Foch", "cours Mirabeau",
    "rue de l'Église", "rue du Château", "rue des Acacias", "rue Voltaire",
    "boulevard de la Liberté", "rue La Fayette", "rue de Verdun", "avenue du Maréchal-Leclerc",
    "rue Anatole-France", "rue Jules-Ferry", "rue du Moulin", "route de Lyon", "rue de la Paix",
    "rue Molière", "rue Racine", "rue des Jardins", "rue du Stade", "place du Marché",
    "rue de Bretagne", "rue Pierre-et-Marie-Curie", "rue Denis-Papin", "avenue des Platanes",
    "rue du Faubourg-Saint-Honoré", "boulevard Haussmann", "rue de Rivoli", "rue de Vaugirard",
    "avenue de l'Opéra", "rue Lecourbe", "rue de la Convention", "rue Oberkampf",
    "rue Mercière", "cours Lafayette", "quai Saint-Vincent", "rue Paradis", "La Canebière",
    "rue Sainte-Catherine", "cours de l'Intendance", "rue Nationale", "rue Crébillon",
    "rue des Carmes", "allée des Marronniers", "rue du Four", "avenue Thiers", "rue Thiers",
    "rue Gustave-Eiffel", "chemin de la Croix", "rue des Prés", "rue de la Fontaine",
    "rue du 8-Mai-1945", "rue du 11-Novembre", "avenue de la Libération", "rue Jean-Moulin",
    "rue Louise-Michel", "rue Simone-Veil", "rue Olympe-de-Gouges", "avenue Aristide-Briand",
    "rue Maréchal-Joffre", "rue de Strasbourg", "rue de Metz", "rue Nationale",
    "boulevard Carnot", "rue Carnot", "place Bellecour", "rue Sadi-Carnot", "rue des Tanneurs",
)
ADDRESS_LINE2 = (
    "Bâtiment B", "Appartement 12", "3e étage", "Résidence Les Cèdres", "Escalier C",
    "2e étage gauche", "Bâtiment A, porte 4", "Lieu-dit Le Verger", "Zone artisanale des Pins",
    "Parc d'activités du Moulin", "CS 30012",
)

MAIL_PROVIDERS = ("orange", "free", "laposte", "gmail", "sfr", "wanadoo", "outlook", "yahoo",
                  "bbox", "icloud")

PROFESSIONS = (
    "Chef d'entreprise", "Commerçant", "Artisan", "Médecin", "Infirmière", "Enseignant",
    "Ingénieur", "Cadre commercial", "Comptable", "Agriculteur", "Retraité", "Retraitée",
    "Pharmacien", "Architecte", "Directeur financier", "Responsable des ressources humaines",
    "Chauffeur", "Agent immobilier", "Kinésithérapeute", "Chef de projet", "Fonctionnaire",
    "Sans profession", "Étudiant", "Restaurateur", "Consultant",
)

COMPANY_ACTIVITIES: tuple[tuple[str, str], ...] = (
    ("Boulangerie", "10.71C"), ("Garage", "45.20A"), ("Transports", "49.41A"),
    ("Menuiserie", "43.32A"), ("Plomberie", "43.22A"), ("Électricité", "43.21A"),
    ("Pharmacie", "47.73Z"), ("Boucherie", "47.22Z"), ("Imprimerie", "18.12Z"),
    ("Restaurant", "56.10A"), ("Hôtel", "55.10Z"), ("Librairie", "47.61Z"),
    ("Fromagerie", "47.29Z"), ("Pâtisserie", "10.71C"), ("Maçonnerie", "43.99C"),
    ("Couverture", "43.91B"), ("Paysages", "81.30Z"), ("Immobilier", "68.31Z"),
    ("Conseil", "70.22Z"), ("Informatique", "62.02A"), ("Logistique", "52.29A"),
    ("Distribution", "46.90Z"), ("Ingénierie", "71.12B"), ("Textile", "14.13Z"),
    ("Cosmétiques", "20.42Z"), ("Vins", "11.02A"), ("Architecture", "71.11Z"),
    ("Optique", "47.78A"), ("Auto-école", "85.53Z"), ("Nettoyage", "81.21Z"),
    ("Sécurité", "80.10Z"), ("Formation", "85.59A"), ("Communication", "73.11Z"),
    ("Événementiel", "82.30Z"), ("Import-Export", "46.90Z"), ("Carrosserie", "45.20A"),
    ("Ambulances", "86.90A"), ("Pompes funèbres", "96.03Z"), ("Coiffure", "96.02A"),
    ("Fleurs", "47.76Z"), ("Chocolaterie", "10.82Z"), ("Brasserie", "56.30Z"),
    ("Crêperie", "56.10A"), ("Traiteur", "56.21Z"), ("Bâtiment", "41.20A"),
    ("Logiciels", "58.29C"), ("Études et Conseil", "70.22Z"), ("Promotion immobilière", "41.10A"),
)
# Syllables of invented brand names ("Novalia", "Kerlann", "Axéo").
BRAND_HEADS = ("No", "Ax", "Ker", "Va", "Li", "Ori", "Sol", "Mar", "Bel", "Cap", "Del", "Hél",
               "Ar", "Ti", "Eu", "Océ", "Alp", "Ter", "Ver", "Lum", "Pro", "Fran", "Zé", "Ly")
BRAND_MIDS = ("", "", "va", "ri", "lo", "ne", "ta", "mi", "ra", "li", "vi")
BRAND_TAILS = ("lia", "éo", "lann", "tis", "ys", "ance", "ia", "on", "ium", "ine", "ac", "ora",
               "is", "ane", "ex", "ial")
SCI_NAMES = (
    "du Moulin", "Les Acacias", "des Tilleuls", "La Roseraie", "Les Cèdres", "du Parc",
    "Bellevue", "Les Pins", "Saint-Jacques", "du Port", "de la Gare", "Les Hauts de Seine",
    "Le Clos", "La Fontaine", "Horizon", "Les Vignes", "Les Oliviers", "Beauséjour",
)
ASSOCIATION_NAMES = (
    "Association sportive de {city}", "Les Amis du patrimoine de {city}",
    "Comité des fêtes de {city}", "Association des commerçants de {city}",
    "Club de football de {city}", "Association culturelle « Les Arts à {city} »",
    "Union des parents d'élèves de {city}", "Association d'aide à domicile de {city}",
)
# legal form → (weight, title of the legal representative (m, f), capital range in euros)
LEGAL_FORMS: dict[str, tuple[int, tuple[str, str], tuple[int, int] | None]] = {
    "SAS": (34, ("Président", "Présidente"), (1_000, 500_000)),
    "SARL": (30, ("Gérant", "Gérante"), (1_000, 80_000)),
    "SCI": (14, ("Gérant", "Gérante"), (1_000, 20_000)),
    "EURL": (8, ("Gérant", "Gérante"), (1_000, 20_000)),
    "SA": (5, ("Président-directeur général", "Présidente-directrice générale"), (37_000, 2_000_000)),
    "SELARL": (5, ("Gérant", "Gérante"), (2_000, 50_000)),
    "association": (4, ("Président", "Présidente"), None),
}

# (court type code, label, seats) — real French courts.
COURTS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("tribunal_judiciaire", "Tribunal judiciaire", (
        "Paris", "Lyon", "Marseille", "Toulouse", "Bordeaux", "Lille", "Nantes", "Strasbourg",
        "Nice", "Rennes", "Montpellier", "Grenoble", "Nanterre", "Bobigny", "Créteil",
        "Versailles", "Évry", "Pontoise", "Meaux", "Dijon", "Reims", "Rouen", "Toulon",
        "Saint-Étienne", "Angers", "Tours", "Clermont-Ferrand", "Limoges", "Orléans", "Metz",
        "Nancy", "Caen", "Brest", "Besançon", "Perpignan", "Amiens", "Le Mans", "Poitiers",
        "Pau", "Bayonne", "Annecy", "Avignon", "Nîmes", "Aix-en-Provence", "La Rochelle",
        "Colmar", "Mulhouse", "Valence", "Chambéry", "Troyes", "Lorient", "Vannes", "Quimper",
        "Ajaccio", "Bastia", "Grasse", "Arras", "Douai", "Bourges", "Agen", "Niort", "Chartres",
        "Auxerre", "Saint-Nazaire", "Melun")),
    ("tribunal_activites_economiques", "Tribunal des activités économiques", (
        "Paris", "Lyon", "Marseille", "Nanterre", "Versailles", "Orléans", "Limoges", "Nancy",
        "Avignon", "Le Mans", "Auxerre", "Saint-Nazaire")),
    ("tribunal_commerce", "Tribunal de commerce", (
        "Bordeaux", "Toulouse", "Nantes", "Rennes", "Lille Métropole", "Montpellier", "Nice",
        "Grenoble", "Bobigny", "Créteil", "Évry", "Pontoise", "Rouen", "Dijon", "Reims",
        "Toulon", "Angers", "Tours", "Clermont-Ferrand", "Caen", "Brest", "Perpignan",
        "Amiens", "Poitiers", "Pau", "Bayonne", "Annecy", "Nîmes", "Aix-en-Provence",
        "La Rochelle", "Cannes", "Antibes", "Meaux", "Melun", "Chartres", "Troyes")),
    ("cour_appel", "Cour d'appel", (
        "Paris", "Versailles", "Lyon", "Aix-en-Provence", "Douai", "Rennes", "Bordeaux",
        "Toulouse", "Montpellier", "Grenoble", "Colmar", "Nancy", "Metz", "Dijon", "Besançon",
        "Riom", "Poitiers", "Angers", "Orléans", "Rouen", "Caen", "Amiens", "Reims", "Limoges",
        "Agen", "Pau", "Nîmes", "Chambéry", "Bourges", "Bastia")),
    ("conseil_prudhommes", "Conseil de prud'hommes", (
        "Paris", "Lyon", "Marseille", "Nanterre", "Bobigny", "Créteil", "Boulogne-Billancourt",
        "Versailles", "Lille", "Bordeaux", "Toulouse", "Nantes", "Strasbourg", "Nice", "Rennes",
        "Montpellier", "Grenoble", "Rouen", "Toulon", "Dijon", "Reims", "Tours", "Orléans",
        "Metz", "Nancy", "Caen", "Brest", "Amiens", "Le Mans", "Poitiers", "Évry", "Cergy-Pontoise")),
)
CHAMBERS = {
    "tribunal_judiciaire": ("1re chambre civile", "Service des référés", "Juge aux affaires familiales",
                            "Juge de l'exécution", "Chambre des baux commerciaux", "Pôle social",
                            "Chambre de la propriété intellectuelle", "Tribunal correctionnel"),
    "tribunal_activites_economiques": ("Chambre des procédures collectives", "Chambre des référés",
                                       "1re chambre", "Chambre du contentieux"),
    "tribunal_commerce": ("Chambre des procédures collectives", "Chambre des référés", "1re chambre",
                          "Chambre du contentieux"),
    "cour_appel": ("Chambre commerciale", "Chambre sociale", "1re chambre civile",
                   "Chambre de la famille", "Chambre de l'instruction"),
    "conseil_prudhommes": ("Section encadrement", "Section commerce", "Section industrie",
                           "Section activités diverses", "Bureau de conciliation et d'orientation",
                           "Formation de référé"),
}
# Known street addresses of a few courts; the others are "Palais de justice".
COURT_ADDRESSES = {
    ("tribunal_judiciaire", "Paris"): ("Parvis du Tribunal de Paris", "75017"),
    ("cour_appel", "Paris"): ("10, boulevard du Palais", "75001"),
    ("tribunal_activites_economiques", "Paris"): ("1, quai de la Corse", "75004"),
    ("conseil_prudhommes", "Paris"): ("27, rue Louis-Blanc", "75010"),
    ("tribunal_judiciaire", "Lyon"): ("67, rue Servient", "69003"),
    ("tribunal_judiciaire", "Marseille"): ("6, rue Joseph-Autran", "13006"),
    ("tribunal_judiciaire", "Nanterre"): ("179-191, avenue Joliot-Curie", "92000"),
    ("tribunal_judiciaire", "Bordeaux"): ("30, rue des Frères-Bonie", "33000"),
}
COURT_CITY_POSTAL = {
    "Bobigny": ("93000", "148"), "Évry": ("91000", "160"), "Pontoise": ("95300", "134"),
    "Grasse": ("06130", "493"), "Riom": ("63200", "473"), "Lille Métropole": ("59000", "320"),
    "Cergy-Pontoise": ("95000", "130"),
}

# Domains of law: (label, weight for a company client, weight for a person client, contentious share,
# matter title patterns, court types, typical work descriptions)
DOMAINS: tuple[tuple[str, int, int, float, tuple[str, ...], tuple[str, ...], tuple[str, ...]], ...] = (
    ("Droit des sociétés", 22, 2, 0.05, (
        "Cession de parts sociales", "Augmentation de capital", "Approbation des comptes {year}",
        "Pacte d'associés", "Transformation en SAS", "Levée de fonds", "Dissolution-liquidation amiable",
        "Secrétariat juridique annuel {year}", "Transfert du siège social", "Acquisition de la société {adverse}"),
        ("tribunal_activites_economiques", "tribunal_commerce"), (
        "Rédaction du procès-verbal d'assemblée", "Rédaction des statuts", "Revue de la documentation sociale",
        "Rédaction du pacte d'associés", "Formalités au greffe", "Audit juridique (due diligence)",
        "Rédaction de l'acte de cession", "Négociation de la garantie d'actif et de passif")),
    ("Droit social", 18, 8, 0.5, (
        "Licenciement pour faute grave de {adverse}", "Rupture conventionnelle — {adverse}",
        "Contentieux prud'homal c/ {adverse}", "Rédaction des contrats de travail",
        "Négociation d'un accord d'entreprise", "Contestation de licenciement c/ {adverse}",
        "Audit de conformité sociale"), ("conseil_prudhommes", "cour_appel"), (
        "Analyse du dossier disciplinaire", "Préparation de l'entretien préalable",
        "Rédaction de la lettre de licenciement", "Rédaction des conclusions devant le conseil de prud'hommes",
        "Calcul des indemnités de rupture", "Audience de conciliation", "Rédaction du contrat de travail")),
    ("Baux commerciaux", 14, 4, 0.35, (
        "Renouvellement du bail commercial — {street}", "Révision triennale du loyer",
        "Congé avec refus de renouvellement", "Cession du droit au bail", "Fixation du loyer renouvelé",
        "Résiliation du bail c/ {adverse}"), ("tribunal_judiciaire", "cour_appel"), (
        "Analyse du bail commercial", "Rédaction du congé", "Calcul de l'indemnité d'éviction",
        "Rédaction du mémoire en fixation du loyer", "Échanges avec le bailleur",
        "Rédaction de l'acte de cession du droit au bail")),
    ("Contentieux commercial", 16, 2, 0.9, (
        "{client} c/ {adverse} — rupture brutale des relations commerciales",
        "{client} c/ {adverse} — concurrence déloyale", "{client} c/ {adverse} — inexécution contractuelle",
        "{client} c/ {adverse} — impayés", "Référé-provision c/ {adverse}"),
        ("tribunal_activites_economiques", "tribunal_commerce", "cour_appel"), (
        "Rédaction de l'assignation", "Analyse des pièces adverses", "Rédaction des conclusions",
        "Préparation de l'audience", "Plaidoirie", "Rédaction d'une mise en demeure",
        "Échanges avec le confrère adverse", "Négociation transactionnelle")),
    ("Droit de la famille", 0, 26, 0.7, (
        "Divorce par consentement mutuel", "Divorce contentieux c/ {adverse}",
        "Résidence des enfants et pension alimentaire", "Liquidation du régime matrimonial",
        "Changement de régime matrimonial", "Succession de {deceased}", "Adoption simple"),
        ("tribunal_judiciaire", "cour_appel"), (
        "Rendez-vous avec le client", "Rédaction de la requête", "Rédaction de la convention de divorce",
        "Échanges avec le notaire", "Calcul de la prestation compensatoire",
        "Préparation de l'audience devant le juge aux affaires familiales", "Analyse des pièces adverses")),
    ("Recouvrement", 14, 4, 0.8, (
        "Recouvrement de créances — {adverse}", "Injonction de payer c/ {adverse}",
        "Saisie-attribution c/ {adverse}", "Déclaration de créance — {adverse}"),
        ("tribunal_activites_economiques", "tribunal_commerce", "tribunal_judiciaire"), (
        "Rédaction d'une mise en demeure", "Rédaction de la requête en injonction de payer",
        "Échanges avec le commissaire de justice", "Relance du débiteur", "Déclaration de créance",
        "Suivi de l'exécution")),
    ("Droit immobilier", 6, 14, 0.6, (
        "Vente immobilière — vices cachés c/ {adverse}", "Litige de copropriété",
        "Expertise judiciaire — malfaçons", "Bail d'habitation — impayés c/ {adverse}",
        "Servitude de passage c/ {adverse}"), ("tribunal_judiciaire", "cour_appel"), (
        "Analyse de l'acte de vente", "Réunion d'expertise", "Rédaction d'un dire à l'expert",
        "Rédaction de l'assignation", "Analyse du règlement de copropriété", "Rédaction des conclusions")),
    ("Procédures collectives", 5, 0, 0.7, (
        "Procédure de sauvegarde", "Redressement judiciaire", "Mandat ad hoc",
        "Déclaration de créances — liquidation de {adverse}"),
        ("tribunal_activites_economiques", "tribunal_commerce"), (
        "Préparation du dossier de sauvegarde", "Réunion avec l'administrateur judiciaire",
        "Déclaration de créance", "Audience devant la chambre des procédures collectives",
        "Élaboration du plan de continuation")),
    ("Propriété intellectuelle", 4, 1, 0.3, (
        "Dépôt de la marque « {brand} »", "Contrefaçon de marque c/ {adverse}",
        "Contrat de licence de logiciel", "Opposition à l'enregistrement d'une marque"),
        ("tribunal_judiciaire",), (
        "Recherche d'antériorité", "Dépôt auprès de l'INPI", "Rédaction du contrat de licence",
        "Analyse de la contrefaçon", "Rédaction de l'assignation en contrefaçon")),
    ("Droit pénal des affaires", 2, 3, 0.95, (
        "Abus de biens sociaux — défense", "Plainte pour escroquerie c/ {adverse}",
        "Défense devant le tribunal correctionnel"), ("tribunal_judiciaire", "cour_appel"), (
        "Consultation du dossier pénal", "Préparation de l'audition", "Assistance en garde à vue",
        "Rédaction de la plainte", "Plaidoirie devant le tribunal correctionnel")),
)
GENERIC_WORK = (
    "Rendez-vous avec le client", "Conférence téléphonique avec le client", "Correspondance avec le client",
    "Recherches juridiques", "Échanges avec le confrère", "Compte rendu au client", "Étude du dossier",
)
ASSISTANT_WORK = (
    "Mise en forme et envoi du courrier", "Constitution du bordereau de pièces", "Suivi des délais",
    "Préparation du dossier de plaidoirie", "Relance du client pour les pièces", "Classement des pièces",
)
EXPENSES: tuple[tuple[str, int, int], ...] = (  # description, min cents, max cents
    ("Droit de plaidoirie", 1300, 1300),
    ("Frais de greffe", 3500, 9500),
    ("Signification par commissaire de justice", 5500, 18000),
    ("Frais de déplacement", 2500, 24000),
    ("Affranchissement — lettre recommandée avec AR", 735, 735),
    ("Extrait Kbis", 400, 400),
    ("Frais de traduction", 9000, 65000),
    ("Copies et reproductions", 1500, 8000),
    ("Publication d'annonce légale", 12000, 25000),
)
TASK_TITLES = (
    "Relancer le client pour les pièces", "Envoyer la convention d'honoraires",
    "Préparer le projet de conclusions", "Vérifier l'extrait Kbis", "Appeler le confrère adverse",
    "Faire signer le mandat", "Préparer le bordereau de pièces", "Compte rendu d'audience au client",
    "Demander une provision complémentaire", "Relire le projet d'acte", "Vérifier la date d'audience",
    "Préparer la réunion avec le client", "Mettre à jour la note de synthèse",
)
DEADLINES: tuple[tuple[str, int, str], ...] = (  # title, period, unit
    ("Délai d'appel", 1, "months"),
    ("Conclusions d'intimé", 3, "months"),
    ("Conclusions d'appelant", 3, "months"),
    ("Délai de pourvoi en cassation", 2, "months"),
    ("Délai d'opposition à injonction de payer", 1, "months"),
    ("Déclaration de créance", 2, "months"),
    ("Communication des pièces", 15, "days"),
    ("Délai de réponse à sommation", 8, "days"),
)
INTERACTION_SUBJECTS = {
    "call": ("Appel du client", "Point téléphonique sur l'avancement", "Appel du confrère adverse",
             "Appel du greffe", "Appel du client — questions sur la facture"),
    "email": ("Envoi du projet pour relecture", "Transmission des pièces", "Compte rendu d'audience",
              "Demande de pièces complémentaires", "Envoi de la note d'honoraires"),
    "meeting": ("Rendez-vous au cabinet", "Réunion de travail", "Réunion d'expertise",
                "Visioconférence avec le client"),
    "note": ("Note de synthèse", "Point sur la stratégie", "Mémo interne"),
}
PAYMENT_METHODS = (("transfer", 70), ("cheque", 15), ("card", 8), ("carpa", 5), ("direct_debit", 2))
MEETING_ROOMS = ("Cabinet — salle Portalis", "Cabinet — salle Montesquieu", "Visioconférence",
                 "Cabinet — bureau de l'associé", "Chez le client")
