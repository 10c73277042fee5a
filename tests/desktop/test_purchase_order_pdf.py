"""The printed purchase order: rendered, read back with pypdf (number, supplier, lines,
total, French words and accents), and its received/remaining columns once receipts came."""

from __future__ import annotations

import io
import uuid
from dataclasses import replace
from datetime import UTC, datetime
from decimal import Decimal

from pypdf import PdfReader

from cmms_desktop.reports.pdf import ReportTexts
from cmms_desktop.reports.purchase_order import PurchaseOrderTexts, build_purchase_order_pdf
from cmms_desktop.store.queries.purchasing import PODetail, POLineRow

FRENCH = PurchaseOrderTexts(
    title="Bon de commande",
    order_section="Commande",
    supplier_section="Fournisseur",
    lines_section="Lignes",
    number="Numéro de commande",
    status="Statut",
    created="Créée le",
    ordered="Commandée le",
    expected="Livraison prévue",
    deliver_to="Livrer à",
    buyer="Acheteur",
    supplier="Fournisseur",
    designation="Désignation",
    quantity="Qté",
    unit_price="Prix unitaire",
    amount="Montant",
    received="Reçu",
    remaining="Reste",
    total="Total",
    format_money=lambda amount: f"{amount:,.2f} €".replace(",", " ").replace(".", ","),
    status_label=lambda status: {"sent": "Envoyée", "partially_received": "Partiellement reçue"}[
        status
    ],
)


def line(
    reference: str, description: str, quantity: str, price: str, received: str = "0"
) -> POLineRow:
    return POLineRow(
        id=uuid.uuid4(),
        part_id=uuid.uuid4(),
        reference=reference,
        description=description,
        unit="pc",
        barcode=None,
        quantity=Decimal(quantity),
        unit_price=Decimal(price),
        received_qty=Decimal(received),
        supplier_reference=f"SUP-{reference}",
    )


ORDER = PODetail(
    id=uuid.uuid4(),
    number="PO-20260302-1A2B3C4D",
    site_id=uuid.uuid4(),
    site_code="LYO",
    site_name="Usine de Lyon",
    supplier_id=uuid.uuid4(),
    supplier_name="Würth France",
    supplier_contact="Hélène Dupré",
    supplier_email="commandes@wurth.example",
    supplier_phone="03 88 00 00 00",
    supplier_address="Rue de l'Énergie, 67158 Erstein",
    status="sent",
    created_at=datetime(2026, 3, 2, 8, tzinfo=UTC),
    created_by_name="Sophie Magasinière",
    ordered_at=datetime(2026, 3, 2, 9, tzinfo=UTC),
    expected_at=datetime(2026, 3, 9, 12, tzinfo=UTC),
    notes="Réapprovisionnement : pièces sous le seuil minimum.",
    lines=tuple(
        [line("ROUL-6204", "Roulement à billes 6204 2RS", "19", "6.90")]
        + [line(f"VIS-{i:03d}", f"Vis à tête hexagonale M{i}", "100", "0.12") for i in range(40)]
    ),
)


def text_of(pdf: bytes) -> tuple[str, int]:
    reader = PdfReader(io.BytesIO(pdf))
    return "\n".join(page.extract_text() for page in reader.pages), len(reader.pages)


def test_the_order_prints_in_french_with_its_lines_and_total() -> None:
    pdf = build_purchase_order_pdf(
        ORDER,
        texts=FRENCH,
        report_texts=ReportTexts(page="Page {page} sur {pages}", number="N° {number}"),
        company="Usine de Lyon",
        issued="2026-03-02",
    )
    assert pdf.startswith(b"%PDF")
    text, pages = text_of(pdf)
    assert pages >= 2  # 41 lines run over a page: the header repeats
    assert text.count("Désignation") >= 2  # the header row repeats on the next page
    for expected in (
        "Bon de commande",
        "PO-20260302-1A2B3C4D",
        "Würth France",
        "Hélène Dupré",
        "Rue de l'Énergie",
        "Envoyée",
        "Livraison prévue",
        "2026-03-09",
        "ROUL-6204",
        "SUP-ROUL-6204",
        "Roulement à billes 6204 2RS",
        "Vis à tête hexagonale M39",
        "Sophie Magasinière",
        "Réapprovisionnement",
        f"Page {pages} sur {pages}",
    ):
        assert expected in text, expected
    # 19 x 6.90 + 40 x 100 x 0.12 = 131.10 + 480.00
    assert "611,10 €" in text
    assert "Reçu" not in text  # nothing received yet: no receipt columns


def test_received_and_remaining_columns_once_parts_came_in() -> None:
    received = replace(
        ORDER,
        status="partially_received",
        lines=(line("ROUL-6204", "Roulement à billes 6204 2RS", "19", "6.90", received="4"),),
    )
    text, _pages = text_of(build_purchase_order_pdf(received, texts=FRENCH))
    assert "Partiellement reçue" in text
    assert "Reçu" in text and "Reste" in text
    assert "131,10 €" in text


def test_english_by_default() -> None:
    text, _pages = text_of(build_purchase_order_pdf(ORDER))
    for expected in ("Purchase order", "Supplier", "Amount", "Total", "611.10 €"):
        assert expected in text, expected
