"""Named commands that run the same on the client's replica and on the server."""

from cmms_core.mutations.base import MutationContext, MutationRejected
from cmms_core.mutations.registry import MUTATIONS, run_mutation

__all__ = ["MUTATIONS", "MutationContext", "MutationRejected", "run_mutation"]
