"""The catalogue of named commands and the one entry point that runs them."""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Any

from pydantic import ValidationError

from cmms_core.mutations import assets, conflicts, corrective, people, preventive, purchasing, stock
from cmms_core.mutations import interventions as intervention_commands
from cmms_core.mutations import parts as parts_commands
from cmms_core.mutations.base import (
    MutationContext,
    MutationRejected,
    MutationSpec,
    field_errors,
)

_MODULES = (
    assets,
    people,
    conflicts,
    corrective,
    parts_commands,
    stock,
    purchasing,
    preventive,
    intervention_commands,
)


def _catalogue() -> dict[str, MutationSpec]:  # type: ignore[type-arg]
    """Every command by name; two modules registering one name is a bug caught at import."""
    found: dict[str, MutationSpec] = {}  # type: ignore[type-arg]
    for module in _MODULES:
        for spec in module.SPECS:
            if spec.name in found:
                raise RuntimeError(f"two commands are called {spec.name!r}")
            found[spec.name] = spec
    return found


MUTATIONS: Mapping[str, MutationSpec] = MappingProxyType(_catalogue())  # type: ignore[type-arg]


def run_mutation(ctx: MutationContext, name: str, payload: Mapping[str, Any]) -> None:
    """Validate ``payload`` for the command ``name`` and apply it through ``ctx.conn``.

    Raises MutationRejected for an unknown command, a malformed payload or a
    refusal by the domain rules; the caller owns the transaction and rolls back.
    """
    spec = MUTATIONS.get(name)
    if spec is None:
        raise MutationRejected("unknown_mutation", f"no command is called {name!r}")
    try:
        parsed = spec.payload_model.model_validate(payload)
    except ValidationError as error:
        message = "the command's data is malformed"
        raise MutationRejected("invalid", message, field_errors(error)) from error
    spec.handler(ctx, parsed)
