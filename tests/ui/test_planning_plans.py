"""The plans page: a plan with a checklist and a recurrence, the preview, templates."""

from __future__ import annotations

import uuid
from datetime import date
from zoneinfo import ZoneInfo

import pytest
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from cmms_core.mutations.preventive import template_plan_id
from cmms_core.schema.maintenance import maintenance_plans, maintenance_tasks
from cmms_desktop.services import DesktopServices
from cmms_desktop.ui.i18n import Translations
from cmms_desktop.ui.pages.planning import PlansPage
from cmms_desktop.ui.pages.planning.plans_form import PlanFormDialog
from cmms_desktop.ui.pages.planning.plans_template import ApplyTemplateDialog, GenerateTasksDialog
from tests.ui.conftest import Accounts
from tests.ui.planning_world import PMPlant, RecordingNavigator, build_pm_plant

TODAY = date(2026, 3, 2)  # a Monday


@pytest.fixture
def world(services: DesktopServices, accounts: Accounts) -> PMPlant:
    return build_pm_plant(services, accounts)


@pytest.fixture
def page(qtbot: QtBot, world: PMPlant, translations: Translations) -> PlansPage:
    made = PlansPage(world.services, world.supervisor, RecordingNavigator())
    qtbot.addWidget(made)
    return made


def test_create_a_plan_with_a_checklist_and_a_recurrence(page: PlansPage, world: PMPlant) -> None:
    dialog = page.new_plan("equipment", world.plant.equipments["PRS-001"])
    assert isinstance(dialog, PlanFormDialog)
    dialog.name_edit.setText("Presse — contrôle hebdomadaire")
    dialog.minutes_spin.setValue(45)
    dialog.skills_edit.setText("hydraulique, mécanique")
    rec = dialog.recurrence
    rec.freq_combo.setCurrentIndex(rec.freq_combo.findData("weekly"))
    rec.interval_spin.setValue(2)
    rec.weekday_checks[0].setChecked(True)
    rec.weekday_checks[3].setChecked(True)
    rec.tolerance_spin.setValue(3)
    checklist = dialog.checklist
    checklist.add_item()
    checklist.set_row(0, label="Vérifier les flexibles")
    checklist.add_item()
    checklist.set_row(1, label="Pression", kind="measure", unit="bar", low="180", high="210")
    checklist.add_item()
    checklist.set_row(2, label="Photo du manomètre", kind="photo", required=False)
    checklist.table.setCurrentCell(2, 0)
    checklist.move_selected(-1)  # the photo before the measurement

    assert dialog.save()

    with world.services.replica.engine.connect() as connection:
        row = (
            connection.execute(
                select(maintenance_plans).where(maintenance_plans.c.name.like("%hebdomadaire"))
            )
            .mappings()
            .one()
        )
    assert row["equipment_id"] == world.plant.equipments["PRS-001"]
    assert row["recurrence"]["freq"] == "weekly"
    assert row["recurrence"]["interval"] == 2
    assert row["recurrence"]["weekdays"] == [0, 3]
    assert row["tolerance_days"] == 3 and row["estimated_minutes"] == 45
    assert row["required_skills"] == ["hydraulique", "mécanique"]
    assert [item["kind"] for item in row["checklist"]] == ["check", "photo", "measure"]
    measure = row["checklist"][2]
    assert (measure["unit"], measure["min"], measure["max"]) == ("bar", 180, 210)
    name, payload = world.sent()[-1]
    assert name == "plan.create" and payload["id"] == str(row["id"])
    assert any(plan.id == row["id"] for plan in page.rows())


def test_a_measure_with_limits_the_wrong_way_round_is_refused(page: PlansPage) -> None:
    dialog = page.new_plan("template")
    dialog.name_edit.setText("Modèle")
    dialog.checklist.add_item()
    dialog.checklist.set_row(0, label="Température", kind="measure", low="90", high="40")
    assert not dialog.save()
    assert "minimum" in dialog.banner.text()
    assert dialog.tabs.currentWidget() is dialog.checklist


def test_the_preview_shows_the_next_occurrences_in_the_site_time_zone(page: PlansPage) -> None:
    dialog = page.new_plan("equipment")
    rec = dialog.recurrence
    rec.set_context(ZoneInfo("Europe/Paris"), anchor=TODAY, today=lambda: TODAY)
    rec.set_value({"freq": "monthly", "month_day": 31, "start": "2026-01-31"})
    texts = rec.preview_texts()
    assert len(texts) == 8
    # month ends: March 31, April 30; 08:00 local across the DST change of March 29
    assert "31" in texts[0] and "08:00" in texts[0]
    assert "30" in texts[1] and "08:00" in texts[1]
    rec.calendar_box.setChecked(False)
    assert rec.error() is not None  # nothing to count
    assert not dialog.save()


def test_apply_a_template_to_three_equipments(page: PlansPage, world: PMPlant) -> None:
    template_id = world.plan(
        equipment="PRS-001",
        name="Pompe — visite",
        is_template=True,
        equipment_id=None,
        equipment_type_id=world.plant.types["PMP"],
    )
    page.refresh()
    assert page.select_plan(template_id)
    assert page.apply_button.isEnabled()
    dialog = page.apply_selected()
    assert isinstance(dialog, ApplyTemplateDialog)
    pumps = {
        row.text().split(" — ")[0]
        for row in (dialog.list.item(i) for i in range(dialog.list.count()))
        if row
    }
    assert {"PMP-001", "PMP-002"} <= pumps  # filtered on the template's type
    dialog.type_combo.setCurrentIndex(0)  # all types
    chosen = ["PMP-001", "PMP-002", "CNV-001"]
    dialog.set_checked([world.plant.equipments[code] for code in chosen])
    assert "3" in dialog.count_label.text()
    assert dialog.apply()

    name, payload = world.sent()[-1]
    assert name == "plan.apply_template"
    assert sorted(payload["equipment_ids"]) == sorted(
        str(world.plant.equipments[code]) for code in chosen
    )
    with world.services.replica.engine.connect() as connection:
        made = (
            connection.execute(
                select(maintenance_plans.c.id).where(maintenance_plans.c.template_id == template_id)
            )
            .scalars()
            .all()
        )
    assert sorted(made, key=str) == sorted(
        (template_plan_id(template_id, world.plant.equipments[code]) for code in chosen), key=str
    )


def test_generate_the_tasks_of_a_plan(page: PlansPage, world: PMPlant) -> None:
    plan_id = world.plan()
    page.refresh()
    assert page.select_plan(plan_id)
    dialog = page.generate_selected()
    assert isinstance(dialog, GenerateTasksDialog)
    dialog.weeks_spin.setValue(4)
    assert dialog.generate()
    with world.services.replica.engine.connect() as connection:
        count = len(
            connection.execute(
                select(maintenance_tasks.c.id).where(maintenance_tasks.c.plan_id == plan_id)
            ).all()
        )
    assert 4 <= count <= 5
    assert world.sent()[-1][0] == "plan.generate_tasks"


def test_editing_sends_only_the_changed_fields(page: PlansPage, world: PMPlant) -> None:
    plan_id = world.plan()
    dialog = page.edit_plan(plan_id)
    assert dialog is not None
    before = len(world.sent())
    assert dialog.save()  # nothing changed: nothing sent
    assert len(world.sent()) == before
    dialog = page.edit_plan(plan_id)
    assert dialog is not None
    dialog.minutes_spin.setValue(120)
    assert dialog.save()
    name, payload = world.sent()[-1]
    assert name == "plan.update" and payload["fields"] == {"estimated_minutes": 120}


def test_filters_keep_templates_apart(page: PlansPage, world: PMPlant) -> None:
    world.plan()
    world.plan(name="Modèle", is_template=True, equipment_id=None)
    page.filters.set_choice("kind", "template")
    page.filters.flush()
    assert [row.name for row in page.rows()] == ["Modèle"]
    page.filters.set_choice("kind", "plan")
    page.filters.flush()
    assert [row.name for row in page.rows()] == ["Presse — visite hebdomadaire"]
    assert uuid.UUID(str(page.rows()[0].id))
