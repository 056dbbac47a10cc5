"""Background work of governance, run by the task worker."""

from django.tasks import task

from multifactory.governance import services


@task()
def proposals_tick() -> dict[str, int]:
    """Open due proposals, remind those closing within 24 hours, close ended ones."""
    return services.proposals_tick()
