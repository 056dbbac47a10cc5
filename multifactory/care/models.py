"""Care of the place: incidents, maintenance tasks and chores rotas.

Moved from the place app (issue 8): the tables keep their names (`place_incident`,
…), so no row moved; see docs/place.md.
"""

from django.conf import settings
from django.core.validators import (
    FileExtensionValidator,
    MaxValueValidator,
    MinValueValidator,
)
from django.db import models
from django.utils.translation import gettext_lazy as _

from multifactory.community.models import (
    Multifactory,
    Organization,
)
from multifactory.core.models import TimeStamped
from multifactory.place.models import Resource


class Urgency(models.TextChoices):
    LOW = "low", _("Can wait")
    NORMAL = "normal", _("Normal")
    HIGH = "high", _("Soon")
    URGENT = "urgent", _("Urgent: safety or blocking")


class IncidentStatus(models.TextChoices):
    OPEN = "open", _("Open")
    IN_PROGRESS = "in_progress", _("Being handled")
    RESOLVED = "resolved", _("Resolved")


class Incident(TimeStamped):
    """Something broken or unsafe, reported by a member."""

    multifactory = models.ForeignKey(
        Multifactory, on_delete=models.CASCADE, related_name="incidents"
    )
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.RESTRICT, related_name="+"
    )
    title = models.CharField(_("what happened"), max_length=150)
    description = models.TextField(_("details"), blank=True)
    resource = models.ForeignKey(
        Resource,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="incidents",
        verbose_name=_("where"),
    )
    location = models.CharField(_("where, in words"), max_length=150, blank=True)
    urgency = models.CharField(
        _("urgency"), max_length=8, choices=Urgency.choices, default=Urgency.NORMAL
    )
    photo = models.FileField(
        _("photo"),
        upload_to="place/incidents/%Y/%m/",
        blank=True,
        validators=[
            FileExtensionValidator(["jpg", "jpeg", "png", "webp", "gif"]),
        ],
    )
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=IncidentStatus.choices,
        default=IncidentStatus.OPEN,
    )
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)

    class Meta:
        db_table = "place_incident"  # kept from the place app
        verbose_name = _("incident")
        verbose_name_plural = _("incidents")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.title


class TaskStatus(models.TextChoices):
    TODO = "todo", _("To do")
    DOING = "doing", _("In progress")
    DONE = "done", _("Done")


class MaintenanceTask(TimeStamped):
    """A maintenance job, assigned to a company or a person, with a due date."""

    multifactory = models.ForeignKey(
        Multifactory, on_delete=models.CASCADE, related_name="maintenance_tasks"
    )
    title = models.CharField(_("task"), max_length=150)
    description = models.TextField(_("details"), blank=True)
    resource = models.ForeignKey(
        Resource, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    incident = models.ForeignKey(
        Incident,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="tasks",
    )
    assigned_organization = models.ForeignKey(
        Organization,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="maintenance_tasks",
        verbose_name=_("company"),
    )
    assigned_person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="maintenance_tasks",
        verbose_name=_("person"),
    )
    due_on = models.DateField(_("due on"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=6, choices=TaskStatus.choices, default=TaskStatus.TODO
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.RESTRICT, related_name="+"
    )
    done_at = models.DateTimeField(_("done at"), null=True, blank=True)

    class Meta:
        db_table = "place_maintenancetask"  # kept from the place app
        verbose_name = _("maintenance task")
        verbose_name_plural = _("maintenance tasks")
        ordering = ["status", "due_on"]

    def __str__(self) -> str:
        return self.title


class ChoreRota(TimeStamped):
    """A chore of the common parts that rotates among companies, period by period."""

    multifactory = models.ForeignKey(
        Multifactory, on_delete=models.CASCADE, related_name="chore_rotas"
    )
    name = models.CharField(_("chore"), max_length=120)
    description = models.TextField(_("what to do"), blank=True)
    starts_on = models.DateField(_("first turn starts on"))
    period_days = models.PositiveSmallIntegerField(
        _("days per turn"),
        default=7,
        validators=[MinValueValidator(1), MaxValueValidator(366)],
    )

    class Meta:
        db_table = "place_chorerota"  # kept from the place app
        verbose_name = _("chores rota")
        verbose_name_plural = _("chores rotas")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class ChoreRotaMember(models.Model):
    """A company's place in the order of a rota."""

    rota = models.ForeignKey(
        ChoreRota, on_delete=models.CASCADE, related_name="members"
    )
    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="+"
    )
    position = models.PositiveSmallIntegerField()

    class Meta:
        db_table = "place_chorerotamember"  # kept from the place app
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(
                fields=["rota", "position"], name="place_rota_position_once"
            ),
            models.UniqueConstraint(
                fields=["rota", "organization"], name="place_rota_company_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.position}. {self.organization}"
