"""Preventive maintenance: plans (and templates), generated tasks, interventions, history."""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    ForeignKey,
    Index,
    Integer,
    Numeric,
    String,
    Text,
    Uuid,
)

from cmms_core.schema.base import synced_table
from cmms_core.schema.types import UTCDateTime

# A plan targets one equipment or a whole equipment type; a template (no
# target, global) is copied onto many equipments at once.
maintenance_plans = synced_table(
    "maintenance_plans",
    Column("name", String(200), nullable=False),
    Column("description", Text),
    Column("equipment_id", Uuid, ForeignKey("equipments.id"), index=True),
    Column("equipment_type_id", Uuid, ForeignKey("equipment_types.id")),
    Column("is_template", Boolean, nullable=False, default=False),
    Column("maintenance_type", String(20), nullable=False, default="preventive"),
    Column("recurrence", JSON, nullable=False, default=dict),
    Column("tolerance_days", Integer, nullable=False, default=0),
    Column("estimated_minutes", Integer, nullable=False, default=60),
    Column("required_skills", JSON, nullable=False, default=list),
    Column("checklist", JSON, nullable=False, default=list),
    Column("parts_kit", JSON, nullable=False, default=list),
    Column("active", Boolean, nullable=False, default=True),
    Column("last_done_at", UTCDateTime),
    Column("next_due_at", UTCDateTime),
    # "B after A": each task of this plan waits for the same-day task of that
    # plan on the same equipment (cmms_core.rules.planning)
    Column("depends_on_plan_id", Uuid, ForeignKey("maintenance_plans.id")),
    # the template a per-equipment plan was made from (plan.apply_template)
    Column("template_id", Uuid, ForeignKey("maintenance_plans.id")),
    bucket="mixed",
)

maintenance_tasks = synced_table(
    "maintenance_tasks",
    Column("plan_id", Uuid, ForeignKey("maintenance_plans.id"), index=True),
    Column("equipment_id", Uuid, ForeignKey("equipments.id"), nullable=False, index=True),
    Column("title", String(200), nullable=False),
    Column("description", Text),
    Column("kind", String(20), nullable=False, default="preventive"),
    Column("status", String(20), nullable=False, default="reported"),
    Column("priority", Integer, nullable=False, default=2),
    Column("due_at", UTCDateTime),
    Column("scheduled_start", UTCDateTime),
    Column("scheduled_end", UTCDateTime),
    Column("estimated_minutes", Integer, nullable=False, default=60),
    Column("assigned_to", Uuid, ForeignKey("users.id"), index=True),
    Column("depends_on_id", Uuid, ForeignKey("maintenance_tasks.id")),
    # deterministic key (plan + occurrence): a task generated offline on a
    # laptop and on the server is the same task after sync
    Column("generation_key", String(120), unique=True),
    Column("completed_at", UTCDateTime),
    # conflicts found when the task was last scheduled or assigned (skills,
    # working hours, absences, load, double booking, dependency): warnings
    # shown to the planner, never refusals (cmms_core.rules.assignment)
    Column("schedule_warnings", JSON, nullable=False, default=list),
)
Index(
    "ix_maintenance_tasks_schedule",
    maintenance_tasks.c.site_id,
    maintenance_tasks.c.scheduled_start,
)
# a technician's calendar and load
Index(
    "ix_maintenance_tasks_assignee_schedule",
    maintenance_tasks.c.assigned_to,
    maintenance_tasks.c.scheduled_start,
)

interventions = synced_table(
    "interventions",
    Column("task_id", Uuid, ForeignKey("maintenance_tasks.id"), index=True),
    Column("equipment_id", Uuid, ForeignKey("equipments.id"), nullable=False, index=True),
    Column("technician_id", Uuid, ForeignKey("users.id")),
    Column("status", String(20), nullable=False, default="in_progress"),
    Column("started_at", UTCDateTime),
    Column("ended_at", UTCDateTime),
    Column("labour_minutes", Integer, nullable=False, default=0),
    Column("report", Text),
    Column("checklist_results", JSON, nullable=False, default=list),
    Column("parts_cost", Numeric(12, 2), nullable=False, default=0),
    Column("labour_cost", Numeric(12, 2), nullable=False, default=0),
    Column("validated_by", Uuid, ForeignKey("users.id")),
    Column("validated_at", UTCDateTime),
    Column("validation_comment", Text),
)

# One line per thing that happened to an equipment (preventive visit, repair,
# state change): the equipment page's history without joining everything.
maintenance_history = synced_table(
    "maintenance_history",
    Column("equipment_id", Uuid, ForeignKey("equipments.id"), nullable=False),
    Column("event_type", String(30), nullable=False),
    Column("occurred_at", UTCDateTime, nullable=False),
    Column("summary", Text, nullable=False),
    Column("ref_table", String(50)),
    Column("ref_id", Uuid),
    Column("actor_id", Uuid, ForeignKey("users.id")),
    Column("downtime_minutes", Integer),
    Column("cost", Numeric(12, 2)),
)
Index(
    "ix_maintenance_history_equipment",
    maintenance_history.c.equipment_id,
    maintenance_history.c.occurred_at,
)
