"""Write the default document templates (resources/templates/documents/*.docx).

The templates use the merge fields of ``themisia_desktop.core.documents.merge_fields`` as
docxtpl/Jinja2 expressions; each expression sits inside one run, so Word keeps it in one piece.
Run after changing a text: ``.venv/bin/python scripts/make_document_templates.py``.
"""

from __future__ import annotations

import sys
from pathlib import Path

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm, Pt, RGBColor

OUT = Path(__file__).resolve().parent.parent / "resources" / "templates" / "documents"
JUSTIFY = WD_ALIGN_PARAGRAPH.JUSTIFY
CENTER = WD_ALIGN_PARAGRAPH.CENTER
RIGHT = WD_ALIGN_PARAGRAPH.RIGHT
GREY = RGBColor(0x55, 0x5B, 0x66)

FOOTER = ("{{ cabinet.nom }}{% if cabinet.adresse %} – {{ cabinet.adresse }}{% endif %}"
          "{% if cabinet.telephone %} – Tél. {{ cabinet.telephone }}{% endif %}"
          "{% if cabinet.siren %} – SIREN {{ cabinet.siren }}{% endif %}")
PLACE_AND_DATE = ("{% if cabinet.ville %}Fait à {{ cabinet.ville }}, le {{ date_du_jour }}"
                  "{% else %}Fait le {{ date_du_jour }}{% endif %}")
BAR = "{% if cabinet.barreau %}du barreau de {{ cabinet.barreau }}{% else %}dont relève l'Avocat{% endif %}"


def new_document(title: str) -> Document:
    doc = Document()
    section = doc.sections[0]
    section.page_height, section.page_width = Cm(29.7), Cm(21.0)
    section.left_margin = section.right_margin = Cm(2.3)
    section.top_margin, section.bottom_margin = Cm(2.0), Cm(2.0)
    normal = doc.styles["Normal"]
    normal.font.name = "Calibri"
    normal.font.size = Pt(11)
    normal.paragraph_format.space_after = Pt(6)
    normal.paragraph_format.line_spacing = 1.1
    footer = section.footer.paragraphs[0]
    footer.alignment = CENTER
    run = footer.add_run(FOOTER)
    run.font.size = Pt(8)
    run.font.color.rgb = GREY
    props = doc.core_properties
    props.title = title
    props.author = "Themisia"
    props.comments = ""
    return doc


def para(doc: Document, text: str = "", *, bold: bool = False, align=JUSTIFY,  # noqa: ANN001
         size: float | None = None, before: float | None = None, italic: bool = False):
    p = doc.add_paragraph()
    p.alignment = align
    if before is not None:
        p.paragraph_format.space_before = Pt(before)
    if text:
        run = p.add_run(text)
        run.bold = bold
        run.italic = italic
        if size:
            run.font.size = Pt(size)
    return p


def runs(doc: Document, *parts: tuple[str, bool], align=JUSTIFY):  # noqa: ANN001
    """One paragraph of runs (text, bold)."""
    p = doc.add_paragraph()
    p.alignment = align
    for text, bold in parts:
        p.add_run(text).bold = bold
    return p


def article(doc: Document, title: str) -> None:
    p = para(doc, title, bold=True, align=WD_ALIGN_PARAGRAPH.LEFT, before=10)
    p.paragraph_format.keep_with_next = True


def signatures(doc: Document, left: list[str], right: list[str]) -> None:
    table = doc.add_table(rows=1, cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for cell, lines in zip(table.rows[0].cells, (left, right), strict=True):
        cell.paragraphs[0].add_run(lines[0]).bold = True
        for line in lines[1:]:
            cell.add_paragraph(line)
        for _ in range(3):
            cell.add_paragraph("")


def convention() -> Document:
    doc = new_document("Convention d'honoraires")
    para(doc, "CONVENTION D'HONORAIRES", bold=True, align=CENTER, size=16)
    para(doc, "(article 10 de la loi n° 71-1130 du 31 décembre 1971 modifiée)", align=CENTER,
         italic=True)
    para(doc, "Dossier n° {{ dossier.reference }} – {{ dossier.intitule }}", bold=True,
         align=CENTER, before=6)

    para(doc, "ENTRE LES SOUSSIGNÉS :", bold=True, before=12)
    para(doc, "{{ cabinet.nom }}, avocats{% if cabinet.barreau %} au barreau de "
              "{{ cabinet.barreau }}{% endif %}{% if cabinet.adresse %}, dont le cabinet est "
              "situé {{ cabinet.adresse }}{% endif %}, représenté par Maître {{ avocat.nom }},")
    para(doc, "ci-après dénommé « l'Avocat »,", italic=True)
    para(doc, "D'UNE PART,", align=RIGHT)
    para(doc, "ET :", bold=True)
    para(doc, "{{ client.designation }},")
    para(doc, "ci-après dénommé « le Client »,", italic=True)
    para(doc, "D'AUTRE PART.", align=RIGHT)
    para(doc, "IL A ÉTÉ CONVENU CE QUI SUIT :", bold=True, before=10)

    article(doc, "Article 1 – Objet de la mission")
    para(doc, "Le Client confie à l'Avocat, qui l'accepte, la mission suivante : "
              "{{ dossier.intitule }}{% if dossier.description %} ({{ dossier.description }})"
              "{% endif %}.")
    para(doc, "La mission comprend l'étude du dossier, les consultations, la rédaction des actes "
              "et des correspondances ainsi que, le cas échéant, l'assistance et la "
              "représentation du Client devant les juridictions compétentes. Toute extension de "
              "la mission fera l'objet d'un avenant ou d'un accord écrit des parties.")

    article(doc, "Article 2 – Honoraires au temps passé")
    para(doc, "Les honoraires sont déterminés en fonction du temps effectivement consacré au "
              "dossier, au taux horaire de {{ avocat.taux_horaire }} hors taxes pour Maître "
              "{{ avocat.nom }}, soit {{ avocat.taux_horaire_ttc }} toutes taxes comprises. Les "
              "diligences accomplies par d'autres membres du cabinet sont facturées au taux "
              "horaire applicable à chacun d'eux, communiqué au Client sur simple demande.")
    para(doc, "Le temps passé est détaillé sur chaque facture (date, intervenant, durée et nature "
              "des diligences). Les honoraires sont soumis à la taxe sur la valeur ajoutée au "
              "taux de {{ cabinet.taux_tva }}, ou au taux en vigueur à la date de la facture.")
    para(doc, "Les frais et débours engagés pour le compte du Client (frais de greffe, actes de "
              "commissaire de justice, expertises, traductions, déplacements) s'ajoutent aux "
              "honoraires et sont refacturés à leur coût réel, sur justificatif.")

    article(doc, "Article 3 – Provision")
    para(doc, "{% if dossier.provision %}À la signature de la présente convention, le Client "
              "verse une provision de {{ dossier.provision }} à valoir sur les honoraires et "
              "frais.{% else %}À la signature de la présente convention, le Client verse une "
              "provision à valoir sur les honoraires et frais, dont le montant lui est indiqué "
              "par un appel de provision.{% endif %} L'Avocat pourra solliciter des provisions "
              "complémentaires à mesure de l'avancement du dossier. À défaut de règlement d'une "
              "provision, l'Avocat pourra suspendre ses diligences, ou mettre fin à sa mission "
              "dans le respect des règles déontologiques, en veillant à ce que les intérêts du "
              "Client ne soient pas compromis.")

    article(doc, "Article 4 – Facturation et modalités de paiement")
    para(doc, "Les honoraires font l'objet de factures détaillées, établies périodiquement et au "
              "plus tard à la fin de la mission ; les provisions reçues y sont imputées. Les "
              "factures sont payables à réception, par virement bancaire ou par chèque à l'ordre "
              "de {{ cabinet.nom }}. Elles sont adressées à {{ facturation.nom }}.")
    para(doc, "Lorsque le Client agit à des fins professionnelles, tout retard de paiement "
              "entraîne de plein droit des pénalités calculées au taux de trois fois le taux de "
              "l'intérêt légal ainsi qu'une indemnité forfaitaire de 40 € pour frais de "
              "recouvrement (articles L. 441-10 et D. 441-5 du code de commerce).")

    article(doc, "Article 5 – Dessaisissement")
    para(doc, "Le Client peut à tout moment dessaisir l'Avocat, qui peut de même mettre fin à sa "
              "mission en respectant un délai permettant au Client d'assurer la défense de ses "
              "intérêts. Dans les deux cas, les honoraires correspondant aux diligences "
              "accomplies jusqu'à la date du dessaisissement restent dus, ainsi que les frais "
              "exposés.")

    article(doc, "Article 6 – Secret professionnel, vigilance et données personnelles")
    para(doc, "L'Avocat est tenu au secret professionnel pour tout ce qui concerne le dossier. "
              "Le Client s'engage à lui remettre les pièces justificatives de son identité "
              "exigées par les articles L. 561-5 et suivants du code monétaire et financier. Les "
              "données personnelles recueillies servent à la seule gestion du dossier et sont "
              "traitées conformément au règlement (UE) 2016/679 ; le Client dispose d'un droit "
              "d'accès, de rectification et d'effacement auprès du cabinet.")

    article(doc, "Article 7 – Règlement des différends")
    para(doc, "Les parties s'efforceront de régler à l'amiable toute difficulté relative aux "
              "honoraires. À défaut, toute contestation relative au montant ou au recouvrement "
              f"des honoraires sera soumise au bâtonnier de l'ordre des avocats {BAR}, "
              "conformément aux articles 174 et suivants du décret n° 91-1197 du 27 novembre "
              "1991. Le Client consommateur peut également saisir gratuitement le médiateur de "
              "la consommation de la profession d'avocat.")

    para(doc, PLACE_AND_DATE + ", en deux exemplaires originaux.", before=14)
    signatures(doc, ["Le Client", "{{ client.nom }}",
                     "(signature précédée de la mention « Lu et approuvé »)"],
               ["L'Avocat", "Maître {{ avocat.nom }}", "pour {{ cabinet.nom }}"])
    return doc


def lettre_mission() -> Document:
    doc = new_document("Lettre de mission")
    para(doc, "{{ cabinet.nom }}", bold=True, align=WD_ALIGN_PARAGRAPH.LEFT, size=13)
    para(doc, "{{ cabinet.adresse }}", align=WD_ALIGN_PARAGRAPH.LEFT)
    para(doc, "{% if cabinet.telephone %}Tél. {{ cabinet.telephone }}{% endif %}"
              "{% if cabinet.telephone and cabinet.email %} – {% endif %}{{ cabinet.email }}",
         align=WD_ALIGN_PARAGRAPH.LEFT)
    para(doc, "{{ client.nom }}", bold=True, align=RIGHT, before=18)
    para(doc, "{{ client.adresse }}", align=RIGHT)
    para(doc, "{% if cabinet.ville %}{{ cabinet.ville }}, le {{ date_du_jour }}"
              "{% else %}Le {{ date_du_jour }}{% endif %}", align=RIGHT, before=12)
    runs(doc, ("Objet : ", True),
         ("lettre de mission – dossier {{ dossier.reference }} – {{ dossier.intitule }}", False))
    para(doc, "{{ client.formule_appel }},", before=12)
    para(doc, "Nous vous remercions de la confiance que vous nous témoignez. La présente lettre "
              "a pour objet de préciser l'étendue de la mission que vous nous confiez et les "
              "conditions dans lesquelles nous l'accomplirons, conformément aux règles de notre "
              "profession.")

    article(doc, "1. Notre mission")
    para(doc, "Vous nous confiez la mission suivante : {{ dossier.intitule }}"
              "{% if dossier.description %} – {{ dossier.description }}{% endif %}. Elle "
              "comprend l'analyse de votre situation, le conseil, la rédaction des actes et "
              "correspondances nécessaires et, s'il y a lieu, votre assistance et votre "
              "représentation en justice. Toute diligence qui n'entrerait pas dans ce cadre "
              "ne sera engagée qu'avec votre accord.")

    article(doc, "2. Qui suit votre dossier")
    para(doc, "Votre dossier est placé sous la responsabilité de Maître {{ avocat.nom }}"
              "{% if avocat.email %}, que vous pouvez joindre à l'adresse {{ avocat.email }}"
              "{% endif %}. D'autres membres du cabinet pourront intervenir sous sa supervision "
              "lorsque cela sert l'efficacité du dossier.")

    article(doc, "3. Honoraires et frais")
    para(doc, "Nos honoraires sont calculés au temps passé, au taux horaire de "
              "{{ avocat.taux_horaire }} hors taxes ({{ avocat.taux_horaire_ttc }} TTC, TVA au "
              "taux de {{ cabinet.taux_tva }}). Leurs modalités sont précisées par la convention "
              "d'honoraires jointe, que nous vous remercions de nous retourner signée."
              "{% if dossier.provision %} Une provision de {{ dossier.provision }} vous est "
              "demandée à l'ouverture du dossier.{% endif %}")
    para(doc, "Nos factures seront adressées à {{ facturation.nom }}"
              "{% if facturation.email %} ({{ facturation.email }}){% endif %}.")

    article(doc, "4. Vos engagements")
    para(doc, "Vous vous engagez à nous communiquer sans délai toute information et toute pièce "
              "utiles au dossier, ainsi que les justificatifs d'identité que la réglementation "
              "relative à la lutte contre le blanchiment des capitaux nous impose de recueillir.")

    article(doc, "5. Secret professionnel et conflits d'intérêts")
    para(doc, "Nous sommes tenus au secret professionnel. Nous avons vérifié, avant d'accepter "
              "cette mission, qu'elle ne nous place dans aucune situation de conflit d'intérêts. "
              "Toute difficulté relative à nos honoraires peut être soumise au bâtonnier de "
              "l'ordre des avocats {% if cabinet.barreau %}du barreau de {{ cabinet.barreau }}"
              "{% else %}dont relève le cabinet{% endif %}.")

    para(doc, "Nous vous remercions de bien vouloir nous retourner un exemplaire de la présente "
              "lettre revêtu de votre signature, précédée de la mention « Bon pour accord ».",
         before=8)
    para(doc, "Nous vous prions de croire, {{ client.formule_appel }}, à l'assurance de nos "
              "sentiments dévoués.")
    signatures(doc, ["Bon pour accord, le Client", "{{ client.nom }}", "Date et signature :"],
               ["Maître {{ avocat.nom }}", "{{ cabinet.nom }}"])
    return doc


def main() -> int:
    OUT.mkdir(parents=True, exist_ok=True)
    for name, build in (("convention_honoraires", convention), ("lettre_mission", lettre_mission)):
        path = OUT / f"{name}.docx"
        build().save(path)
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
