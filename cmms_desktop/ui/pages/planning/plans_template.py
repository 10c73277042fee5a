"""The template library's dialogs: apply a template to many equipments, generate tasks.

``plan.apply_template`` makes one plan per chosen equipment (the same plan id
everywhere: applying twice, or on two computers, makes one). ``plan.generate_tasks``
runs the planning engine over a horizon for one plan, in its site.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import date, timedelta
from functools import partial

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from cmms_core.mutations.base import MutationRejected
from cmms_desktop.services import DesktopServices
from cmms_desktop.store.auth import UserSession
from cmms_desktop.store.queries.equipment import list_equipment_types
from cmms_desktop.store.queries.preventive import PlanRecord, equipment_choices, list_sites
from cmms_desktop.ui.labels import mutation_error_message
from cmms_desktop.ui.widgets.message_banner import MessageBanner

__all__ = ["ApplyTemplateDialog", "GenerateTasksDialog"]

_ID_ROLE = Qt.ItemDataRole.UserRole


class ApplyTemplateDialog(QDialog):
    """Pick equipments (filters, tick many) and apply the template to all of them at once."""

    applied = Signal(list)  # the equipment ids

    def __init__(
        self,
        services: DesktopServices,
        session: UserSession,
        template: PlanRecord,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("applyTemplateDialog")
        self.setMinimumSize(640, 560)
        self.services = services
        self.session = session
        self.template = template
        self._engine = services.replica.engine
        self._checked: set[uuid.UUID] = set()

        self.intro = QLabel(self)
        self.intro.setWordWrap(True)
        self.banner = MessageBanner(self)
        self.search_edit = QLineEdit(self)
        self.search_edit.setObjectName("equipmentSearch")
        self.search_edit.setClearButtonEnabled(True)
        self.site_combo = QComboBox(self)
        self.site_combo.setObjectName("siteFilter")
        self.site_combo.addItem("", None)
        for site in list_sites(self._engine, session.site_ids):
            self.site_combo.addItem(site.code, str(site.id))
        self.type_combo = QComboBox(self)
        self.type_combo.setObjectName("typeFilter")
        self.type_combo.addItem("", None)
        for option in list_equipment_types(self._engine):
            self.type_combo.addItem(option.name, str(option.id))
        if template.equipment_type_id is not None:
            self.type_combo.setCurrentIndex(
                max(0, self.type_combo.findData(str(template.equipment_type_id)))
            )
        filters = QHBoxLayout()
        filters.addWidget(self.search_edit, 2)
        filters.addWidget(self.site_combo, 1)
        filters.addWidget(self.type_combo, 1)
        self.list = QListWidget(self)
        self.list.setObjectName("equipmentPicker")
        self.select_all_button = QPushButton(self)
        self.select_all_button.setObjectName("selectAll")
        self.select_all_button.clicked.connect(lambda: self._check_all(True))
        self.select_none_button = QPushButton(self)
        self.select_none_button.setObjectName("selectNone")
        self.select_none_button.clicked.connect(lambda: self._check_all(False))
        self.count_label = QLabel(self)
        self.count_label.setObjectName("secondaryText")
        picks = QHBoxLayout()
        picks.addWidget(self.select_all_button)
        picks.addWidget(self.select_none_button)
        picks.addStretch(1)
        picks.addWidget(self.count_label)
        self.buttons = QDialogButtonBox(self)
        self.apply_button = self.buttons.addButton("", QDialogButtonBox.ButtonRole.AcceptRole)
        self.apply_button.setObjectName("applyTemplate")
        self.apply_button.setProperty("primary", True)
        cancel = self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.apply_button.clicked.connect(self.apply)
        cancel.clicked.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addWidget(self.banner)
        layout.addLayout(filters)
        layout.addWidget(self.list, 1)
        layout.addLayout(picks)
        layout.addWidget(self.buttons)

        self.search_edit.textChanged.connect(self.reload)
        self.site_combo.currentIndexChanged.connect(self.reload)
        self.type_combo.currentIndexChanged.connect(self.reload)
        self.list.itemChanged.connect(self._on_item_changed)
        self.retranslate_ui()
        self.reload()

    def reload(self, *_args: object) -> None:
        site = self.site_combo.currentData()
        kind = self.type_combo.currentData()
        found = equipment_choices(
            self._engine,
            self.session.site_ids,
            text=self.search_edit.text(),
            site_id=uuid.UUID(str(site)) if site else None,
            type_id=uuid.UUID(str(kind)) if kind else None,
        )
        self.list.blockSignals(True)
        self.list.clear()
        for choice in found:
            item = QListWidgetItem(f"{choice.code} — {choice.name}  ({choice.site_code})")
            item.setData(_ID_ROLE, str(choice.id))
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(
                Qt.CheckState.Checked if choice.id in self._checked else Qt.CheckState.Unchecked
            )
            self.list.addItem(item)
        self.list.blockSignals(False)
        self._update_count()

    def set_checked(self, equipment_ids: list[uuid.UUID]) -> None:
        self._checked = set(equipment_ids)
        self.reload()

    def checked(self) -> list[uuid.UUID]:
        return sorted(self._checked, key=str)

    def _check_all(self, on: bool) -> None:
        for row in range(self.list.count()):
            self.list.item(row).setCheckState(
                Qt.CheckState.Checked if on else Qt.CheckState.Unchecked
            )

    def _on_item_changed(self, item: QListWidgetItem) -> None:
        equipment = uuid.UUID(str(item.data(_ID_ROLE)))
        if item.checkState() == Qt.CheckState.Checked:
            self._checked.add(equipment)
        else:
            self._checked.discard(equipment)
        self._update_count()

    def _update_count(self) -> None:
        self.count_label.setText(self.tr("{n} selected").format(n=len(self._checked)))
        self.apply_button.setEnabled(bool(self._checked))

    def apply(self) -> bool:
        chosen = self.checked()
        if not chosen:
            return False
        try:
            self.services.writer.execute(
                self.session.actor,
                "plan.apply_template",
                {"template_id": self.template.id, "equipment_ids": chosen},
            )
        except MutationRejected as error:
            self.banner.show_message("error", partial(mutation_error_message, error))
            return False
        self.applied.emit(chosen)
        self.accept()
        return True

    def retranslate_ui(self) -> None:
        self.setWindowTitle(self.tr("Apply a template"))
        self.intro.setText(
            self.tr(
                "Tick the equipments that get the plan “{name}”: one plan per equipment, "
                "with the template's recurrence, checklist and parts kit."
            ).format(name=self.template.name)
        )
        self.search_edit.setPlaceholderText(self.tr("Code or name…"))
        self.site_combo.setItemText(0, self.tr("All sites"))
        self.type_combo.setItemText(0, self.tr("All types"))
        self.select_all_button.setText(self.tr("Tick all shown"))
        self.select_none_button.setText(self.tr("Untick all shown"))
        self.apply_button.setText(self.tr("Apply"))
        self._update_count()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)


class GenerateTasksDialog(QDialog):
    """Generate the plan's tasks from today over a horizon of N weeks, in one site."""

    generated = Signal()

    def __init__(
        self,
        services: DesktopServices,
        session: UserSession,
        plan: PlanRecord,
        *,
        today: Callable[[], date] = date.today,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("generateTasksDialog")
        self.services = services
        self.session = session
        self.plan = plan
        self._today = today
        self.intro = QLabel(self)
        self.intro.setWordWrap(True)
        self.banner = MessageBanner(self)
        self.weeks_spin = QSpinBox(self)
        self.weeks_spin.setObjectName("horizonWeeks")
        self.weeks_spin.setRange(1, 52)
        self.weeks_spin.setValue(12)
        self.site_combo = QComboBox(self)
        self.site_combo.setObjectName("siteCombo")
        for site in list_sites(services.replica.engine, session.site_ids):
            self.site_combo.addItem(f"{site.code} — {site.name}", str(site.id))
        if plan.site_id is not None:
            self.site_combo.setCurrentIndex(max(0, self.site_combo.findData(str(plan.site_id))))
            self.site_combo.setEnabled(False)
        self.horizon_label = QLabel(self)
        self.site_label = QLabel(self)
        form = QFormLayout()
        form.addRow(self.horizon_label, self.weeks_spin)
        form.addRow(self.site_label, self.site_combo)
        self.buttons = QDialogButtonBox(self)
        self.generate_button = self.buttons.addButton("", QDialogButtonBox.ButtonRole.AcceptRole)
        self.generate_button.setObjectName("generateTasks")
        self.generate_button.setProperty("primary", True)
        cancel = self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.generate_button.clicked.connect(self.generate)
        cancel.clicked.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addWidget(self.banner)
        layout.addLayout(form)
        layout.addWidget(self.buttons)
        self.retranslate_ui()

    def generate(self) -> bool:
        site = self.site_combo.currentData()
        if not site:
            return False
        start = self._today()
        try:
            self.services.writer.execute(
                self.session.actor,
                "plan.generate_tasks",
                {
                    "site_id": str(site),
                    "from_date": start.isoformat(),
                    "until": (start + timedelta(weeks=self.weeks_spin.value())).isoformat(),
                    "plan_ids": [str(self.plan.id)],
                },
            )
        except MutationRejected as error:
            self.banner.show_message("error", partial(mutation_error_message, error))
            return False
        self.generated.emit()
        self.accept()
        return True

    def retranslate_ui(self) -> None:
        self.setWindowTitle(self.tr("Generate the tasks"))
        self.intro.setText(
            self.tr(
                "The tasks of “{name}” due from today to the end of the horizon are created; "
                "those already generated are left as they are."
            ).format(name=self.plan.name)
        )
        self.horizon_label.setText(self.tr("Horizon"))
        self.weeks_spin.setSuffix(" " + self.tr("week(s)"))
        self.site_label.setText(self.tr("Site"))
        self.generate_button.setText(self.tr("Generate"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)
