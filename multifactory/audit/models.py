"""The audit trail: one row for every write, naming who did it and on what authority.

The trail is append-only. On PostgreSQL a trigger (migration 0003) refuses UPDATE and
DELETE of its rows; on every database the model and its queryset refuse them too, so
the application cannot change history on SQLite either. The one way to remove rows is
`audit.services.audit_events_purge`, on purpose, for an operator's purge of a whole
multifactory (`multifactory purge_multifactory`) or the demo's reset. The foreign keys
PROTECT: deleting a multifactory, company, mandate or person that the trail names is
refused rather than silently deleting or blanking its history.
"""

from contextvars import ContextVar

from django.conf import settings
from django.db import IntegrityError, models
from django.utils.translation import gettext_lazy as _

from multifactory.audit import actions

# Set only by audit.services.audit_events_purge, for the rows it deletes on purpose.
purging: ContextVar[bool] = ContextVar("audit_purging", default=False)


class AppendOnlyError(IntegrityError):
    """A write that would change or remove audit history. The same kind of error as
    PostgreSQL's trigger raises (IntegrityError), so callers see one behaviour."""


APPEND_ONLY = "The audit trail is append-only: its rows are never changed or deleted."


class AuditEventQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnlyError(APPEND_ONLY)

    def delete(self):
        if not purging.get():
            raise AppendOnlyError(APPEND_ONLY)
        return super().delete()


class AuditEvent(models.Model):
    multifactory = models.ForeignKey(
        "community.Multifactory",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="audit_events",
    )
    at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("who"),
    )
    organization = models.ForeignKey(
        "community.Organization",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("for company"),
    )
    mandate = models.ForeignKey(
        "community.Mandate",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("under mandate"),
    )
    decision_reference = models.CharField(
        _("under decision"), max_length=40, blank=True
    )
    action = models.CharField(_("action"), max_length=80)
    object_type = models.CharField(_("object type"), max_length=80)
    object_id = models.CharField(_("object id"), max_length=64)
    object_repr = models.CharField(_("object"), max_length=200)
    changes = models.JSONField(_("before / after"), default=dict, blank=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        ordering = ["-at", "-id"]
        indexes = [
            models.Index(fields=["multifactory", "-at"]),
            models.Index(fields=["object_type", "object_id"]),
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action} {self.object_repr}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AppendOnlyError(APPEND_ONLY)
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        if not purging.get():
            raise AppendOnlyError(APPEND_ONLY)
        return super().delete(*args, **kwargs)

    @property
    def action_label(self) -> str:
        """What happened, in words a person reads ("Company added")."""
        return actions.label(self.action)
