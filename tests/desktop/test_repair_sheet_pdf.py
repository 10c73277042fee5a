"""The printed intervention sheet: rendered from a FailureDetail, read back with pypdf."""

from __future__ import annotations

import io
import re
import uuid
from dataclasses import replace
from datetime import UTC, datetime
from decimal import Decimal

from PIL import Image
from pypdf import PdfReader

from cmms_core.rules.corrective import CostBreakdown
from cmms_desktop.reports.repair_sheet import RepairSheetTexts, build_repair_sheet_pdf
from cmms_desktop.store.queries.equipment import AttachmentRow, EquipmentRef
from cmms_desktop.store.queries.failures import FailureDetail, LabourRow, PartUsed, SheetDetail

AT = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)
TOM, LEA, SAM = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
BEFORE = uuid.uuid4()

FRENCH = RepairSheetTexts(
    title="Fiche d'intervention",
    labour_section="Temps passé",
    parts_section="Pièces remplacées",
    diagnosis="Diagnostic",
    root_cause="Cause racine",
    actions_taken="Actions réalisées",
    technician_signature="Signature du technicien",
    supervisor_signature="Visa du superviseur",
    total="Total",
    total_cost="Coût total",
    format_money=lambda amount: f"{amount:.2f} €".replace(".", ","),
    status_label=lambda status: {"done": "À valider"}.get(status, status),
    urgency_label=lambda urgency: {4: "Critique"}.get(urgency, str(urgency)),
)


def _part(reference: str, quantity: str, unit_cost: str, kind: str = "issue") -> PartUsed:
    cost = (Decimal(quantity) * Decimal(unit_cost)).quantize(Decimal("0.01"))
    return PartUsed(
        movement_id=uuid.uuid4(),
        kind=kind,
        part_id=uuid.uuid4(),
        reference=reference,
        description=f"Pièce {reference}",
        unit="pc",
        location_code="MAG-A",
        quantity=Decimal(quantity),
        unit_cost=Decimal(unit_cost),
        cost=cost,
        occurred_at=AT,
        user_name="Tom Technicien",
        reverses_id=None,
        returned=False,
    )


def detail(**changes: object) -> FailureDetail:
    sheet = SheetDetail(
        id=uuid.uuid4(),
        version=3,
        status="done",
        technician_id=TOM,
        technician_name="Tom Technicien",
        diagnosis="Roulement grippé côté moteur, échauffement à 85 °C.",
        root_cause="Défaut de graissage",
        actions_taken="Dépose du moteur, remplacement du roulement, graissage.",
        started_at=AT,
        ended_at=AT.replace(hour=11),
        labour=(
            LabourRow(TOM, "Tom Technicien", 180, Decimal("40.00"), Decimal("120.00")),
            LabourRow(LEA, "Léa Technicienne", 60, None, None),
        ),
        labour_minutes=240,
        labour_cost=Decimal("120.00"),
        parts_cost=Decimal("37.50"),
        external_cost=Decimal("250.00"),
        signed_off_by=TOM,
        signed_off_by_name="Tom Technicien",
        signed_off_at=AT.replace(hour=11, minute=5),
        validated_by=None,
        validated_by_name=None,
        validated_at=None,
        rejection_comment=None,
        before_photo_ids=(BEFORE,),
        after_photo_ids=(),
    )
    base = FailureDetail(
        id=uuid.uuid4(),
        version=5,
        number="DI-0A1B2C3D",
        status="done",
        urgency=4,
        description="Bruit anormal et vibrations sur la presse, arrêt d'urgence déclenché.",
        site_id=uuid.uuid4(),
        site_code="LYON",
        equipment=EquipmentRef(uuid.uuid4(), "PRS-001", "Presse hydraulique", "active"),
        failure_type_id=None,
        failure_type_name="Défaillance mécanique",
        reported_by=SAM,
        reported_by_name="Sam Superviseur",
        reported_at=AT,
        assigned_to=TOM,
        assigned_to_name="Tom Technicien",
        assigned_at=AT,
        equipment_stopped=True,
        downtime_start=AT,
        downtime_end=AT.replace(hour=11, minute=30),
        downtime_minutes=210,
        closed_at=None,
        sheet=sheet,
        parts=(_part("ROUL-6204", "2", "12.50"), _part("JOINT-40", "1", "12.50")),
        costs=CostBreakdown(240, Decimal("120.00"), Decimal("37.50"), Decimal("250.00"), 60),
        attachments=(
            AttachmentRow(
                BEFORE, "ab" * 32, "avant.png", "image/png", 100, "photo", None, AT, "Tom"
            ),
        ),
        conflicts=(),
    )
    return replace(base, **changes)  # type: ignore[arg-type]


def _png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (120, 80), (200, 40, 40)).save(out, format="PNG")
    return out.getvalue()


def text_of(pdf: bytes) -> tuple[str, int]:
    reader = PdfReader(io.BytesIO(pdf))
    text = "\n".join(page.extract_text() or "" for page in reader.pages)
    return re.sub(r"[ \t]+", " ", text), len(reader.pages)


def test_the_sheet_prints_every_field_in_french() -> None:
    pdf = build_repair_sheet_pdf(
        detail(), texts=FRENCH, company="ACME Industrie", issued="02/03/2026", photo=None
    )
    assert pdf.startswith(b"%PDF")
    text, pages = text_of(pdf)
    assert 1 <= pages <= 2
    for expected in (
        "Fiche d'intervention",
        "DI-0A1B2C3D",
        "PRS-001 — Presse hydraulique",
        "Critique",
        "À valider",
        "Roulement grippé côté moteur",
        "Défaut de graissage",
        "Dépose du moteur",
        "Temps passé",
        "Léa Technicienne",
        "Pièces remplacées",
        "ROUL-6204",
        "JOINT-40",
        "Signature du technicien",
        "Visa du superviseur",
        "Coût total",
    ):
        assert expected in text, expected
    assert "407,50 €" in text  # 120 + 37.50 + 250
    assert "37,50 €" in text and "250,00 €" in text


def test_photos_are_printed_through_the_loader() -> None:
    asked: list[str] = []

    def load(row: AttachmentRow) -> bytes:
        asked.append(row.filename)
        return _png()

    with_photo = build_repair_sheet_pdf(detail(), photo=load)
    without = build_repair_sheet_pdf(detail(), photo=None)
    assert asked == ["avant.png"]
    text, _pages = text_of(with_photo)
    assert "Before — avant.png" in text
    assert len(with_photo) > len(without)


def test_an_empty_sheet_leaves_room_to_write_by_hand() -> None:
    empty = detail(sheet=None, parts=(), costs=None, status="assigned", downtime_end=None)
    text, pages = text_of(build_repair_sheet_pdf(empty))
    assert pages == 1
    assert "Diagnosis" in text and "Parts replaced" in text
    assert "still down" in text
    assert "Technician's signature" in text and "Supervisor's approval" in text


def test_a_rejected_sheet_prints_the_comment_and_a_long_parts_list_spreads_over_pages() -> None:
    sheet = detail().sheet
    assert sheet is not None
    many = tuple(_part(f"REF-{n:03d}", "1", "1.00") for n in range(120))
    rejected = detail(
        status="rejected",
        sheet=replace(sheet, rejection_comment="Photo après réparation manquante"),
        parts=many,
    )
    text, pages = text_of(build_repair_sheet_pdf(rejected))
    assert "Photo après réparation manquante" in text
    assert "REF-000" in text and "REF-119" in text
    assert 2 <= pages <= 6
    assert text.count("Reference") >= 2  # the header row repeats on every page
