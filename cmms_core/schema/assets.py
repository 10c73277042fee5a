"""Sites, production lines, equipment types, equipments, meters and attachments."""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Column,
    Date,
    ForeignKey,
    Index,
    Numeric,
    String,
    Text,
    UniqueConstraint,
    Uuid,
)

from cmms_core.schema.base import synced_table
from cmms_core.schema.types import UTCDateTime

# Sites are global so that every user sees the list of the plant's sites; what
# lives *in* a site is in that site's bucket.
sites = synced_table(
    "sites",
    Column("code", String(20), nullable=False, unique=True),
    Column("name", String(200), nullable=False),
    Column("address", Text),
    Column("city", String(100)),
    Column("timezone", String(64), nullable=False, default="Europe/Paris"),
    bucket="global",
)

production_lines = synced_table(
    "production_lines",
    Column("code", String(30), nullable=False),
    Column("name", String(200), nullable=False),
    Column("description", Text),
    UniqueConstraint("site_id", "code"),
)

equipment_types = synced_table(
    "equipment_types",
    Column("code", String(30), nullable=False, unique=True),
    Column("name", String(200), nullable=False),
    Column("category", String(100)),
    bucket="global",
)

equipments = synced_table(
    "equipments",
    # the asset tag printed on the machine's barcode / QR label
    Column("code", String(40), nullable=False, unique=True),
    Column("name", String(200), nullable=False),
    Column("type_id", Uuid, ForeignKey("equipment_types.id"), nullable=False),
    Column("line_id", Uuid, ForeignKey("production_lines.id")),
    Column("parent_id", Uuid, ForeignKey("equipments.id")),
    Column("criticality", String(10), nullable=False, default="medium"),
    Column("state", String(20), nullable=False, default="active"),
    Column("state_changed_at", UTCDateTime),
    Column("manufacturer", String(100)),
    Column("model", String(100)),
    Column("serial_number", String(100)),
    Column("commissioning_date", Date),
    Column("location", String(200)),
    Column("description", Text),
    # latest meter values; the readings themselves are in meter_readings
    Column("operating_hours", Numeric(12, 1)),
    Column("cycle_count", BigInteger),
)
# The list screen filters and sorts on these at 100k rows.
Index("ix_equipments_site_state", equipments.c.site_id, equipments.c.state)
Index("ix_equipments_line", equipments.c.line_id)
Index("ix_equipments_type", equipments.c.type_id)
Index("ix_equipments_parent", equipments.c.parent_id)
Index("ix_equipments_name", equipments.c.name)

meter_readings = synced_table(
    "meter_readings",
    Column("equipment_id", Uuid, ForeignKey("equipments.id"), nullable=False, index=True),
    Column("meter", String(20), nullable=False),  # "hours" or "cycles"
    Column("value", Numeric(14, 1), nullable=False),
    Column("read_at", UTCDateTime, nullable=False),
    Column("read_by", Uuid, ForeignKey("users.id")),
)

attachments = synced_table(
    "attachments",
    # content address: the file itself travels and is stored by this hash
    Column("sha256", String(64), nullable=False, index=True),
    Column("filename", String(255), nullable=False),
    Column("mime_type", String(100), nullable=False),
    Column("size_bytes", BigInteger, nullable=False),
    Column("kind", String(20), nullable=False),  # document, photo, video
    Column("owner_table", String(50), nullable=False),
    Column("owner_id", Uuid, nullable=False),
    Column("caption", String(255)),
    Column("uploaded_by", Uuid, ForeignKey("users.id")),
    bucket="mixed",
)
Index("ix_attachments_owner", attachments.c.owner_table, attachments.c.owner_id)
