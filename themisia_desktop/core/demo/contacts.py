"""Demo contacts: persons, companies and courts, with their details, addresses, channels,
KYC, links (legal representatives, beneficial owners), roles and negotiated rates — and a few
deliberate near-duplicates for the duplicate detection to find."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from datetime import date, timedelta

from themisia_desktop.core.demo import data
from themisia_desktop.core.demo.identifiers import (
    domain_for,
    landline,
    mobile,
    new_siren,
    person_email,
    siret_for,
    slug,
    vat_for,
)
from themisia_desktop.core.demo.state import Builder, ClientInfo, Weighted
from themisia_desktop.core.text import contact_search_text, contact_sort_name, fold

FLUSH_EVERY = 5_000
STATUSES = Weighted(("contact", "prospect", "prospect_lost", "client_active", "client_former"),
                    (73, 6, 4, 12, 5))
LAST_NAMES = Weighted(data.LAST_NAMES, [1.0 / (i + 8) for i in range(len(data.LAST_NAMES))])
CITIES = Weighted(range(len(data.CITIES)), data.CITY_WEIGHTS)
CITY_INDEX = {name: i for i, (name, _codes, _prefixes) in enumerate(data.CITIES)}
FORMS = Weighted(tuple(data.LEGAL_FORMS), [v[0] for v in data.LEGAL_FORMS.values()])
SELARL_ACTIVITIES = (("Pharmacie", "47.73Z"), ("Cabinet dentaire", "86.23Z"),
                     ("Cabinet vétérinaire", "75.00Z"), ("Cabinet médical", "86.21Z"),
                     ("Laboratoire d'analyses", "86.90B"), ("Cabinet d'architecture", "71.11Z"))
NATIONALITIES = ("belge", "italienne", "portugaise", "marocaine", "espagnole", "allemande",
                 "britannique", "algérienne", "tunisienne", "suisse")
EXPERT_PROFESSIONS = ("Expert judiciaire en bâtiment", "Expert-comptable", "Commissaire de justice",
                      "Expert en évaluation immobilière", "Expert judiciaire en informatique")


@dataclass
class _Person:
    id: int
    first: str
    last: str
    female: bool
    civility: str
    birth_date: date
    birth_place: str
    email: str | None
    phone: str | None
    city: int
    created_on: date


@dataclass
class _Company:
    id: int
    legal_name: str
    form: str
    siren: str
    siret: str
    vat: str | None
    naf: str
    capital: int | None
    city: int
    email: str | None
    phone: str | None
    created_on: date


def de(name: str) -> str:
    """French "de" before a place name: d'Angers, du Mans, de La Rochelle, de Paris."""
    if name.startswith("Le "):
        return "du " + name[3:]
    if name.startswith("Les "):
        return "des " + name[4:]
    if fold(name[:1]) in "aeiouyh":
        return "d'" + name
    return "de " + name


def unaccent(text: str) -> str:
    """Accents and ligatures removed, case kept ("Hélène LECŒUR" → "Helene LECOEUR")."""
    text = text.replace("œ", "oe").replace("Œ", "OE").replace("æ", "ae").replace("Æ", "AE")
    return "".join(ch for ch in unicodedata.normalize("NFKD", text) if not unicodedata.combining(ch))


class ContactGenerator:
    def __init__(self, b: Builder) -> None:
        self.b = b
        self.rng = b.rng
        self.sirens: set[str] = set()
        self.persons: list[_Person] = []
        self.companies: list[_Company] = []
        self.rep_pool: list[int] = []          # persons who may represent a company
        self.female: dict[int, bool] = {}
        self.client_by_id: dict[int, ClientInfo] = {}
        self.partners = [s.id for s in b.staff_of("partner")]
        self.reviewers = [s.id for s in b.staff_of("partner", "assistant", "legal_counsel")]
        self.owners = [s.id for s in b.staff_of("partner", "associate")]
        s = b.sink
        self.contact, self.person_rows, self.company_rows = s.rows("contact"), s.rows("person_details"), s.rows("company_details")
        self.address, self.channel, self.kyc = s.rows("address"), s.rows("contact_channel"), s.rows("kyc_record")
        self.interaction = s.rows("interaction")

    # -- shared pieces ----------------------------------------------------------------------
    def _created_on(self, status: str) -> date:
        today = self.b.today
        if status == "client_former":
            return self.b.day_between(today - timedelta(days=1095), today - timedelta(days=300))
        return self.b.day_between(today - timedelta(days=1095), today - timedelta(days=1))

    def _address(self, contact_id: int, city_i: int, label: str, *, line1: str | None = None,
                 postal: str | None = None) -> None:
        rng = self.rng
        name, codes, _prefixes = data.CITIES[city_i]
        self.address.append({
            "id": self.b.new_id("address"), "contact_id": contact_id, "label": label,
            "line1": line1 or f"{rng.randint(1, 180)}, {rng.choice(data.STREETS)}",
            "line2": rng.choice(data.ADDRESS_LINE2) if rng.random() < 0.1 else None,
            "postal_code": postal or rng.choice(codes), "city": name, "country": "FR", "is_primary": True,
        })
        if rng.random() < 0.04:
            self.address.append({
                "id": self.b.new_id("address"), "contact_id": contact_id,
                "label": "Adresse de facturation" if label == "Siège social" else "Résidence secondaire",
                "line1": f"{rng.randint(1, 180)}, {rng.choice(data.STREETS)}", "line2": None,
                "postal_code": rng.choice(codes), "city": name, "country": "FR", "is_primary": False,
            })

    def _channels(self, contact_id: int, emails: list[tuple[str, str]], phones: list[tuple[str, str]]) -> None:
        for kind, values in (("email", emails), ("phone", phones)):
            for i, (value, label) in enumerate(values):
                self.channel.append({"id": self.b.new_id("contact_channel"), "contact_id": contact_id,
                                     "kind": kind, "value": value, "label": label, "is_primary": i == 0})

    def _kyc(self, contact_id: int, status: str, created_on: date) -> tuple[str, date | None]:
        """Draw the KYC state of a contact and write its review; returns (status, expiry)."""
        rng, today = self.rng, self.b.today
        r = rng.random()
        if status in ("client_active", "client_former"):
            kyc = "validated" if r < 0.75 else "in_progress" if r < 0.85 else "to_check"
        elif status == "prospect":
            kyc = "in_progress" if r < 0.3 else "to_check"
        elif status == "prospect_lost":
            kyc = "refused" if r < 0.1 else "to_check"
        else:
            return "to_check", None
        if kyc == "to_check":
            return kyc, None
        reviewed = min(today - timedelta(days=1), created_on + timedelta(days=rng.randint(0, 20)))
        expires = None
        if kyc == "validated":
            expires = reviewed + timedelta(days=rng.choice((365, 730, 1095)))
            if expires < today:
                kyc = "expired"
        self.kyc.append({
            "id": self.b.new_id("kyc_record"), "contact_id": contact_id, "status": kyc,
            "checklist": {"identity": kyc != "in_progress", "address": True,
                          "beneficial_owners": kyc in ("validated", "expired"),
                          "source_of_funds": kyc in ("validated", "expired"),
                          "pep_screening": kyc != "in_progress"},
            "reviewed_by_id": rng.choice(self.reviewers), "reviewed_at": self.b.utc(reviewed, 11, rng.randint(0, 59)),
            "expires_on": expires, "notes": "Pièces d'identité et justificatif de domicile reçus."
            if kyc == "validated" else None,
        })
        return kyc, expires

    def _contact(self, cid: int, kind: str, status: str, display: str, sort_name: str, search: str,
                 email: str | None, phone: str | None, city: str, created_on: date,
                 kyc: tuple[str, date | None], notes: str | None = None) -> None:
        created = self.b.utc(created_on, self.rng.randint(8, 18), self.rng.randint(0, 59))
        owner = None
        if status.startswith("client"):
            owner = self.rng.choice(self.partners)
        elif status.startswith("prospect"):
            owner = self.rng.choice(self.owners)
        self.contact.append({
            "id": cid, "kind": kind, "status": status, "display_name": display, "sort_name": sort_name,
            "search_text": search, "primary_email": email, "primary_phone": phone, "city": city,
            "external_ref": None, "kyc_status": kyc[0], "kyc_expires_on": kyc[1], "notes": notes,
            "owner_id": owner, "merged_into_id": None, "merged_at": None,
            "created_at": created, "updated_at": created,
        })
        self.b.names[cid] = display
        if status.startswith("client") or status.startswith("prospect"):
            self._history(cid, kind, status, display, created_on)

    def _history(self, cid: int, kind: str, status: str, display: str, created_on: date) -> None:
        """Journal lines of a client's or prospect's life before any matter."""
        rng, b = self.rng, self.b
        first = {"id": b.new_id("interaction"), "contact_id": cid, "matter_id": None, "kind": "meeting",
                 "occurred_at": b.utc(created_on, rng.randint(9, 17), rng.choice((0, 30))),
                 "subject": "Premier rendez-vous au cabinet", "body": None,
                 "user_id": rng.choice(self.owners), "details": None}
        self.interaction.append(first)
        if status == "prospect":
            return
        to = "prospect_lost" if status == "prospect_lost" else "client_active"
        labels = {"prospect_lost": "Prospect perdu", "client_active": "Client actif"}
        changed_on = min(b.today - timedelta(days=1), created_on + timedelta(days=rng.randint(1, 30)))
        self.interaction.append({
            "id": b.new_id("interaction"), "contact_id": cid, "matter_id": None, "kind": "status_change",
            "occurred_at": b.utc(changed_on, rng.randint(9, 18), rng.randint(0, 59)),
            "subject": f"Statut : Prospect → {labels[to]}", "body": None, "user_id": first["user_id"],
            "details": {"from": "prospect", "to": to},
        })
        if status.startswith("client"):
            info = ClientInfo(id=cid, kind=kind, status=status, name=display, created_on=changed_on,
                              city=self.contact[-1]["city"])
            self.b.clients.append(info)
            self.client_by_id[cid] = info

    # -- persons ----------------------------------------------------------------------------
    def person(self) -> None:
        rng, b = self.rng, self.b
        cid = b.new_id("contact")
        female = rng.random() < 0.5
        first = rng.choice(data.FEMALE_FIRST_NAMES if female else data.MALE_FIRST_NAMES)
        last = LAST_NAMES.pick(rng)
        city_i = CITIES.pick(rng)
        city, _codes, prefixes = data.CITIES[city_i]
        status = STATUSES.pick(rng)
        role = None
        if status == "contact":
            r = rng.random()
            role = "lawyer" if r < 0.07 else "expert" if r < 0.09 else None
        emails: list[tuple[str, str]] = []
        phones: list[tuple[str, str]] = []
        v = rng.randrange(400)
        if role == "lawyer":
            profession = f"{'Avocate' if female else 'Avocat'} au barreau {de(city)}"
            emails.append((person_email(first, last, f"{slug(last, '-')}-avocats", v), "Cabinet"))
            phones.append((landline(rng, prefixes), "Cabinet"))
            b.lawyers.append(cid)
        elif role == "expert":
            profession = rng.choice(EXPERT_PROFESSIONS)
            emails.append((person_email(first, last, f"expertises-{slug(last, '-')}", v), "Professionnel"))
            phones.append((landline(rng, prefixes), "Bureau"))
            b.experts.append(cid)
        else:
            profession = rng.choice(data.PROFESSIONS) if rng.random() < 0.7 else None
            if rng.random() < 0.85:
                emails.append((person_email(first, last, rng.choice(data.MAIL_PROVIDERS), v), "Personnel"))
            if rng.random() < 0.08:
                emails.append((person_email(first, last, domain_for(rng.choice(data.COMPANY_ACTIVITIES)[0]
                                                                   + " " + last), v + 1), "Professionnel"))
            self.rep_pool.append(cid)
            if status == "contact":
                b.plain_persons.append(cid)
        if rng.random() < 0.8:
            phones.append((mobile(rng), "Mobile"))
        if rng.random() < 0.25:
            phones.append((landline(rng, prefixes), "Domicile" if role is None else "Standard"))
        display = f"{first} {last}"
        created_on = self._created_on(status)
        birth = date(1940, 1, 1) + timedelta(days=rng.randrange(23_000))
        is_client = status.startswith("client")
        doc = rng.random() < 0.6 and is_client
        self.person_rows.append({
            "contact_id": cid, "civility": "Mme" if female else "M.", "last_name": last, "first_name": first,
            "birth_date": birth, "birth_place": data.CITIES[CITIES.pick(rng)][0],
            "nationality": "française" if rng.random() < 0.92 else rng.choice(NATIONALITIES),
            "id_document_type": ("Carte nationale d'identité" if rng.random() < 0.8 else "Passeport") if doc else None,
            "id_document_number": f"{rng.randrange(10**9):09d}" if doc else None,
            "id_document_expires_on": created_on + timedelta(days=rng.randint(200, 3600)) if doc else None,
            "profession": profession,
        })
        email = emails[0][0] if emails else None
        phone = phones[0][0] if phones else None
        self._channels(cid, emails, phones)
        self._address(cid, city_i, "Cabinet" if role == "lawyer" else "Domicile")
        search = contact_search_text(display, emails=[e for e, _ in emails], phones=[p for p, _ in phones], city=city)
        self._contact(cid, "person", status, display, contact_sort_name("person", display_name=display,
                      last_name=last, first_name=first), search, email, phone, city, created_on,
                      self._kyc(cid, status, created_on))
        self.female[cid] = female
        if role is None:
            self.persons.append(_Person(cid, first, last, female, "Mme" if female else "M.", birth,
                                        self.person_rows[-1]["birth_place"], email, phone, city_i, created_on))

    # -- companies --------------------------------------------------------------------------
    def _company_name(self, form: str, city: str) -> tuple[str, str]:
        rng = self.rng
        last = LAST_NAMES.pick(rng)
        if form == "SCI":
            r = rng.random()
            name = f"SCI {rng.choice(data.SCI_NAMES)}" if r < 0.5 else f"SCI {last}" if r < 0.8 else \
                f"SCI {self._brand()}"
            return name, "68.20B"
        if form == "association":
            return rng.choice(data.ASSOCIATION_NAMES).format(city=city), "94.99Z"
        if form == "SELARL":
            activity, naf = rng.choice(SELARL_ACTIVITIES)
            return f"{activity} {last}" if rng.random() < 0.7 else f"{activity} {de(city)}", naf
        activity, naf = rng.choice(data.COMPANY_ACTIVITIES)
        r = rng.random()
        if r < 0.35:
            name = f"{activity} {last}"
        elif r < 0.5:
            name = f"{last} {activity}"
        elif r < 0.75:
            name = self._brand() + (f" {activity}" if rng.random() < 0.5 else "")
        elif r < 0.85:
            name = f"{activity} {last} et Fils"
        elif r < 0.95:
            name = f"{last} & {LAST_NAMES.pick(rng)}"
        else:
            name = f"{activity} {de(city)}"
        return name, naf

    def _brand(self) -> str:
        rng = self.rng
        return (rng.choice(data.BRAND_HEADS) + rng.choice(data.BRAND_MIDS) + rng.choice(data.BRAND_TAILS)).capitalize()

    def company(self) -> None:
        rng, b = self.rng, self.b
        cid = b.new_id("contact")
        form = FORMS.pick(rng)
        city_i = CITIES.pick(rng)
        city, _codes, prefixes = data.CITIES[city_i]
        legal_name, naf = self._company_name(form, city)
        status = STATUSES.pick(rng)
        siren = new_siren(rng, self.sirens)
        siret = siret_for(siren, rng.randint(10, 60))
        vat = vat_for(siren) if form not in ("SCI", "association") else None
        low, high = data.LEGAL_FORMS[form][2] or (0, 0)
        capital = rng.randint(low // 100, high // 100) * 100 * 100 if high else None
        domain = domain_for(legal_name)
        emails: list[tuple[str, str]] = []
        phones: list[tuple[str, str]] = []
        if rng.random() < 0.9:
            emails.append((f"contact@{domain}.example", "Accueil"))
        if rng.random() < 0.2:
            emails.append((f"comptabilite@{domain}.example", "Comptabilité"))
        if rng.random() < 0.95:
            phones.append((landline(rng, prefixes), "Standard"))
        if rng.random() < 0.25:
            phones.append((mobile(rng), "Dirigeant"))
        created_on = self._created_on(status)
        self._company_rows(cid, legal_name, form, siren, siret, vat, naf, capital, city)
        self._channels(cid, emails, phones)
        self._address(cid, city_i, "Siège social")
        email = emails[0][0] if emails else None
        phone = phones[0][0] if phones else None
        search = contact_search_text(legal_name, emails=[e for e, _ in emails], phones=[p for p, _ in phones],
                                     siren=siren, siret=siret, vat_number=vat, city=city)
        self._contact(cid, "company", status, legal_name, contact_sort_name("company", display_name=legal_name),
                      search, email, phone, city, created_on, self._kyc(cid, status, created_on))
        if status == "contact":
            b.plain_companies.append(cid)
        self.companies.append(_Company(cid, legal_name, form, siren, siret, vat, naf, capital, city_i,
                                       email, phone, created_on))

    def _company_rows(self, cid: int, legal_name: str, form: str, siren: str, siret: str, vat: str | None,
                      naf: str, capital: int | None, city: str) -> None:
        self.company_rows.append({
            "contact_id": cid, "legal_name": legal_name, "legal_form": form, "siren": siren, "siret": siret,
            "rcs_city": city if form != "association" else None,
            "rcs_number": f"RCS {city} {siren[:3]} {siren[3:6]} {siren[6:]}" if form != "association" else None,
            "vat_number": vat, "share_capital": capital, "naf_code": naf,
        })

    # -- courts -----------------------------------------------------------------------------
    def court_plan(self) -> list[tuple[str, str, str, str | None]]:
        rng = self.rng
        base = [(code, label, city, None) for code, label, cities in data.COURTS for city in cities]
        firsts = [c for c in base if c[2] == "Paris"]
        others = [c for c in base if c[2] != "Paris"]
        rng.shuffle(others)
        chambers = [(code, label, city, ch) for code, label, city, _ in base for ch in data.CHAMBERS[code]]
        rng.shuffle(chambers)
        pool = firsts + others + chambers
        n = self.b.n_contacts
        return pool[:min(len(pool), max(min(5, n // 10), round(n * 0.01)))]

    def court(self, code: str, label: str, seat: str, chamber: str | None) -> None:
        rng, b = self.rng, self.b
        cid = b.new_id("contact")
        court_name = f"{label} {de(seat)}"
        display = court_name + (f" — {chamber}" if chamber else "")
        city = "Lille" if seat == "Lille Métropole" else "Cergy" if seat == "Cergy-Pontoise" else seat
        known = CITY_INDEX.get(city)
        if known is not None:
            postal, prefixes = rng.choice(data.CITIES[known][1]), data.CITIES[known][2]
        else:
            postal, prefix = data.COURT_CITY_POSTAL.get(seat, ("75001", "144"))
            prefixes = (prefix,)
        line1, postal = data.COURT_ADDRESSES.get((code, seat), (None, postal))
        if line1 is None:
            line1 = "Palais de justice" if code in ("tribunal_judiciaire", "cour_appel") else \
                f"{rng.randint(1, 60)}, {rng.choice(data.STREETS)}"
        phone = landline(rng, prefixes)
        email = f"greffe.{slug(court_name, '-')}@justice.example"
        self.b.sink.rows("jurisdiction_details").append({
            "contact_id": cid, "court_type": code, "chamber": chamber, "city": city,
            "registry_phone": phone, "registry_email": email})
        self._channels(cid, [(email, "Greffe")], [(phone, "Greffe")])
        self.address.append({"id": b.new_id("address"), "contact_id": cid, "label": "Greffe", "line1": line1,
                             "line2": None, "postal_code": postal, "city": city, "country": "FR",
                             "is_primary": True})
        search = contact_search_text(display, emails=[email], phones=[phone], city=city)
        created_on = b.today - timedelta(days=rng.randint(900, 1095))
        self._contact(cid, "jurisdiction", "contact", display, contact_sort_name("jurisdiction", display_name=display),
                      search, email, phone, city, created_on, ("to_check", None))
        b.courts.setdefault(code, []).append(cid)

    # -- near-duplicates --------------------------------------------------------------------
    def duplicate_person(self) -> None:
        rng, b = self.rng, self.b
        src = rng.choice(self.persons)
        cid = b.new_id("contact")
        variant = rng.randrange(4)
        first, last = src.first, src.last
        if variant == 1 and unaccent(first + last) == first + last:
            variant = 0
        if variant == 0:
            first, last, display = first, last.upper(), f"{first} {last.upper()}"
        elif variant == 1:
            first, last = unaccent(first), unaccent(last)
            display = f"{first} {last}"
        elif variant == 2:
            first, last = first.lower(), last.lower()
            display = f"{first} {last}"
        else:
            first, last = unaccent(first).capitalize(), unaccent(last).upper()
            display = f"{last} {first}"
        city, _codes, _prefixes = data.CITIES[src.city]
        email = src.email if rng.random() < 0.6 else None
        phone = src.phone if rng.random() < 0.5 else mobile(rng)
        status = "prospect" if rng.random() < 0.3 else "contact"
        created_on = b.day_between(src.created_on, b.today - timedelta(days=1))
        self.person_rows.append({
            "contact_id": cid, "civility": src.civility, "last_name": last, "first_name": first,
            "birth_date": src.birth_date if rng.random() < 0.8 else None, "birth_place": src.birth_place,
            "nationality": "française", "id_document_type": None, "id_document_number": None,
            "id_document_expires_on": None, "profession": None,
        })
        self._channels(cid, [(email, "Personnel")] if email else [], [(phone, "Mobile")] if phone else [])
        self._address(cid, src.city, "Domicile")
        search = contact_search_text(display, emails=[email], phones=[phone], city=city)
        self._contact(cid, "person", status, display, contact_sort_name("person", display_name=display,
                      last_name=last, first_name=first), search, email, phone, city, created_on,
                      ("to_check", None), notes="Saisi depuis un formulaire de contact du site.")
        self.female[cid] = src.female

    def duplicate_company(self) -> None:
        rng, b = self.rng, self.b
        src = rng.choice(self.companies)
        cid = b.new_id("contact")
        variant = rng.randrange(4)
        name = (src.legal_name.upper(), unaccent(src.legal_name), f"{src.legal_name} {src.form}".strip(),
                f"Sté {src.legal_name}")[variant]
        siret = src.siret if rng.random() < 0.5 else siret_for(src.siren, rng.randint(61, 99))
        city, _codes, _prefixes = data.CITIES[src.city]
        self._company_rows(cid, name, src.form, src.siren, siret, src.vat, src.naf, src.capital, city)
        email, phone = src.email, src.phone if rng.random() < 0.7 else None
        self._channels(cid, [(email, "Accueil")] if email else [], [(phone, "Standard")] if phone else [])
        self._address(cid, src.city, "Établissement secondaire" if siret != src.siret else "Siège social")
        search = contact_search_text(name, emails=[email], phones=[phone], siren=src.siren, siret=siret,
                                     vat_number=src.vat, city=city)
        created_on = b.day_between(src.created_on, b.today - timedelta(days=1))
        self._contact(cid, "company", "contact", name, contact_sort_name("company", display_name=name), search,
                      email, phone, city, created_on, ("to_check", None))

    # -- links, roles, rates ----------------------------------------------------------------
    def relations(self) -> None:
        rng, b = self.rng, self.b
        links, roles, rates = b.sink.rows("contact_link"), b.sink.rows("contact_role"), b.sink.rows("negotiated_rate")
        if not self.rep_pool:
            return
        partners = b.staff_of("partner")
        for company in self.companies:
            client = self.client_by_id.get(company.id)
            reps = [rng.choice(self.rep_pool)]
            if company.form in ("SARL", "SCI") and rng.random() < 0.1:
                other = rng.choice(self.rep_pool)
                if other != reps[0]:
                    reps.append(other)
            for person in reps:
                titles = data.LEGAL_FORMS[company.form][1]
                links.append({"id": b.new_id("contact_link"), "company_id": company.id, "person_id": person,
                              "kind": "legal_representative", "title": titles[1] if self.female.get(person) else titles[0],
                              "ownership_percent": None})
            if client is None:
                continue
            if company.form != "association" and rng.random() < 0.5:
                owners = [reps[0] if rng.random() < 0.6 else rng.choice(self.rep_pool)]
                second = rng.choice(self.rep_pool)
                if rng.random() < 0.4 and second not in owners:
                    owners.append(second)
                shares = [rng.choice((100, 75, 60, 51))] if len(owners) == 1 else \
                    list(rng.choice(((50, 50), (60, 40), (70, 30), (51, 49))))
                for person, share in zip(owners, shares, strict=True):
                    links.append({"id": b.new_id("contact_link"), "company_id": company.id, "person_id": person,
                                  "kind": "beneficial_owner", "title": None, "ownership_percent": share})
            r = rng.random()
            if r < 0.35:
                billing = reps[0] if rng.random() < 0.5 else rng.choice(self.rep_pool)
                roles.append({"id": b.new_id("contact_role"), "client_id": company.id, "contact_id": billing,
                              "kind": "billing", "is_default": True})
                client.billing_contact_id = billing
                if rng.random() < 0.35:
                    roles.append({"id": b.new_id("contact_role"), "client_id": company.id, "contact_id": billing,
                                  "kind": "correspondence", "is_default": True})
                if rng.random() < 0.15:
                    roles.append({"id": b.new_id("contact_role"), "client_id": company.id,
                                  "contact_id": reps[0], "kind": "collection", "is_default": True})
            if rng.random() < 0.15:
                self._negotiated_rates(client, partners, rates)
        for client in b.clients:
            if client.kind != "person" or rng.random() >= 0.03:
                continue
            payer = rng.choice(self.rep_pool)
            if payer != client.id:
                roles.append({"id": b.new_id("contact_role"), "client_id": client.id, "contact_id": payer,
                              "kind": "billing", "is_default": True})
                client.billing_contact_id = payer
            if rng.random() < 0.3:
                self._negotiated_rates(client, partners, rates)

    def _negotiated_rates(self, client: ClientInfo, partners: list, rates: list[dict]) -> None:
        rng, b = self.rng, self.b
        effective = b.day_between(b.start - timedelta(days=365), b.today - timedelta(days=30))
        r = rng.random()
        if r < 0.5 or not partners:
            scope, value, cents = "client", None, rng.choice((180, 200, 220, 250, 275, 300)) * 100
        elif r < 0.8:
            scope, value, cents = "category", "partner", rng.choice((280, 300, 320)) * 100
        else:
            partner = rng.choice(partners)
            scope, value = "user", partner.id
            cents = (partner.rate_cents * rng.choice((80, 85, 90)) // 100) // 500 * 500
        steps = [(effective, cents)]
        if rng.random() < 0.2 and effective < b.today - timedelta(days=200):
            steps.append((b.day_between(effective + timedelta(days=180), b.today - timedelta(days=1)),
                          cents + rng.choice((10, 15, 20)) * 100))
        for day, amount in steps:
            rates.append({"id": b.new_id("negotiated_rate"), "client_id": client.id,
                          "user_id": value if scope == "user" else None,
                          "category": value if scope == "category" else None, "hourly_rate": amount,
                          "effective_from": day, "created_at": b.utc(day - timedelta(days=rng.randint(0, 10)), 10)})
            client.rates.append((day, scope, value, amount))

    # -- the step ---------------------------------------------------------------------------
    def run(self) -> None:
        rng, b = self.rng, self.b
        n = b.n_contacts
        plan = self.court_plan()
        rest = n - len(plan)
        n_dups = round(rest * 0.005)
        originals = rest - n_dups
        n_companies = round(originals * 0.36)
        kinds = [True] * n_companies + [False] * (originals - n_companies)
        rng.shuffle(kinds)
        for court in plan:
            self.court(*court)
        for i, is_company in enumerate(kinds):
            if is_company:
                self.company()
            else:
                self.person()
            if len(self.contact) >= FLUSH_EVERY:
                b.sink.flush()
                b.progress("Contacts", 0.05 + 0.25 * (i + 1) / max(1, rest))
        for _ in range(n_dups):
            if self.persons and (not self.companies or rng.random() < 0.62):
                self.duplicate_person()
            elif self.companies:
                self.duplicate_company()
            else:
                self.person()
        b.sink.flush()
        self.relations()
        b.sink.flush()
        b.progress("Contacts", 0.3)
