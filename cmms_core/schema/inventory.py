"""Spare parts: catalogue, locations, the insert-only stock ledger, suppliers, purchasing."""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    Column,
    Date,
    ForeignKey,
    Index,
    Integer,
    Numeric,
    String,
    Text,
    UniqueConstraint,
    Uuid,
)

from cmms_core.schema.base import synced_table
from cmms_core.schema.types import UTCDateTime

parts = synced_table(
    "parts",
    Column("reference", String(60), nullable=False, unique=True),
    Column("description", String(255), nullable=False),
    Column("category", String(100)),
    Column("unit", String(20), nullable=False, default="pc"),
    Column("barcode", String(60), index=True),
    Column("min_qty", Numeric(12, 3), nullable=False, default=0),
    Column("max_qty", Numeric(12, 3), nullable=False, default=0),
    Column("unit_cost", Numeric(12, 2), nullable=False, default=0),
    bucket="global",
)
Index("ix_parts_description", parts.c.description)
Index("ix_parts_category", parts.c.category)

part_compatibility = synced_table(
    "part_compatibility",
    Column("part_id", Uuid, ForeignKey("parts.id"), nullable=False, index=True),
    Column("equipment_type_id", Uuid, ForeignKey("equipment_types.id")),
    Column("equipment_id", Uuid, ForeignKey("equipments.id")),
    bucket="mixed",
)

storage_locations = synced_table(
    "storage_locations",
    Column("code", String(40), nullable=False),
    Column("store", String(100), nullable=False),
    Column("aisle", String(20)),
    Column("shelf", String(20)),
    Column("bin", String(20)),
    Column("description", Text),
    UniqueConstraint("site_id", "code"),
)

# Insert-only ledger: on-hand is the sum of movements. Offline movements from
# several counters merge by union; a correction is a reversing movement.
stock_movements = synced_table(
    "stock_movements",
    Column("part_id", Uuid, ForeignKey("parts.id"), nullable=False),
    Column("location_id", Uuid, ForeignKey("storage_locations.id"), nullable=False),
    Column("kind", String(20), nullable=False),
    Column("quantity", Numeric(12, 3), nullable=False),  # signed
    Column("unit_cost", Numeric(12, 2)),
    Column("occurred_at", UTCDateTime, nullable=False),
    Column("user_id", Uuid, ForeignKey("users.id")),
    Column("reason", Text),
    Column("ref_table", String(50)),
    Column("ref_id", Uuid),
    # a reservation is released by a movement pointing back at it
    Column("reverses_id", Uuid, ForeignKey("stock_movements.id")),
)
Index("ix_stock_movements_part", stock_movements.c.part_id, stock_movements.c.location_id)
Index("ix_stock_movements_occurred_at", stock_movements.c.occurred_at)
# reservations of a task, receipts of a purchase-order line, the halves of a transfer
Index("ix_stock_movements_ref", stock_movements.c.ref_id)

suppliers = synced_table(
    "suppliers",
    Column("name", String(200), nullable=False),
    Column("contact_name", String(200)),
    Column("email", String(254)),
    Column("phone", String(40)),
    Column("address", Text),
    Column("notes", Text),
    bucket="global",
)

supplier_parts = synced_table(
    "supplier_parts",
    Column("supplier_id", Uuid, ForeignKey("suppliers.id"), nullable=False, index=True),
    Column("part_id", Uuid, ForeignKey("parts.id"), nullable=False, index=True),
    Column("supplier_reference", String(60)),
    Column("unit_price", Numeric(12, 2), nullable=False),
    Column("currency", String(3), nullable=False, default="EUR"),
    Column("valid_from", Date),
    Column("valid_to", Date),
    Column("lead_time_days", Integer),
    Column("preferred", Boolean, nullable=False, default=False),
    bucket="global",
)

purchase_orders = synced_table(
    "purchase_orders",
    Column("number", String(30), nullable=False, unique=True),
    Column("supplier_id", Uuid, ForeignKey("suppliers.id"), nullable=False),
    Column("status", String(20), nullable=False, default="draft"),
    Column("ordered_at", UTCDateTime),
    Column("expected_at", UTCDateTime),
    Column("created_by", Uuid, ForeignKey("users.id")),
    Column("notes", Text),
)

purchase_order_lines = synced_table(
    "purchase_order_lines",
    Column("purchase_order_id", Uuid, ForeignKey("purchase_orders.id"), nullable=False, index=True),
    Column("part_id", Uuid, ForeignKey("parts.id"), nullable=False),
    Column("quantity", Numeric(12, 3), nullable=False),
    Column("unit_price", Numeric(12, 2), nullable=False),
    Column("received_qty", Numeric(12, 3), nullable=False, default=0),
)

# Count sessions (inventories): the counted quantities are recorded line by line;
# closing the session turns each line into an adjustment movement (the delta
# from what the ledger held when the line was counted to what was counted).
count_sessions = synced_table(
    "count_sessions",
    Column("name", String(100), nullable=False),
    # the location counted; NULL: any location of the site
    Column("location_id", Uuid, ForeignKey("storage_locations.id")),
    Column("status", String(20), nullable=False, default="open"),  # open, closed
    Column("started_at", UTCDateTime, nullable=False),
    Column("started_by", Uuid, ForeignKey("users.id")),
    Column("closed_at", UTCDateTime),
    Column("closed_by", Uuid, ForeignKey("users.id")),
    Column("notes", Text),
)

count_lines = synced_table(
    "count_lines",
    Column("session_id", Uuid, ForeignKey("count_sessions.id"), nullable=False, index=True),
    Column("part_id", Uuid, ForeignKey("parts.id"), nullable=False),
    Column("location_id", Uuid, ForeignKey("storage_locations.id"), nullable=False),
    Column("counted_qty", Numeric(12, 3), nullable=False),
    Column("counted_at", UTCDateTime, nullable=False),
    Column("counted_by", Uuid, ForeignKey("users.id")),
    # the adjustment movement the session's closing recorded for this line
    Column("movement_id", Uuid, ForeignKey("stock_movements.id")),
)
