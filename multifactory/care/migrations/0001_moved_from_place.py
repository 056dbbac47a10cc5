"""The care of the place, moved from the place app without moving a row: the models enter this
app's state only (database_operations=[]), on the tables the place created
(`Meta.db_table = "place_…"`, constraints and indexes keep their names); then their
content types move from `place` to `care`. See place.0007_doors_and_care_moved_out
and docs/place.md.
"""

import django.core.validators
import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


MODELS = ("incident", "maintenancetask", "chorerota", "chorerotamember")


def content_types_to_care(apps, schema_editor):
    """The content types (and so the permissions) of the moved models follow them, so
    a row that points at one (admin log, permission) keeps pointing at the model."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    for model in MODELS:
        if ContentType.objects.filter(app_label="care", model=model).exists():
            continue
        ContentType.objects.filter(app_label="place", model=model).update(
            app_label="care"
        )


def content_types_to_place(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    for model in MODELS:
        ContentType.objects.filter(app_label="care", model=model).update(
            app_label="place"
        )


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("community", "0002_one_open_mandate_per_person_kind_scope"),
        ("place", "0007_doors_and_care_moved_out"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            # The tables stay as they are (see the module's docstring).
            database_operations=[],
            state_operations=[
                migrations.CreateModel(
                    name="ChoreRota",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        ("created_at", models.DateTimeField(auto_now_add=True)),
                        ("updated_at", models.DateTimeField(auto_now=True)),
                        (
                            "name",
                            models.CharField(max_length=120, verbose_name="chore"),
                        ),
                        (
                            "description",
                            models.TextField(blank=True, verbose_name="what to do"),
                        ),
                        (
                            "starts_on",
                            models.DateField(verbose_name="first turn starts on"),
                        ),
                        (
                            "period_days",
                            models.PositiveSmallIntegerField(
                                default=7,
                                validators=[
                                    django.core.validators.MinValueValidator(1),
                                    django.core.validators.MaxValueValidator(366),
                                ],
                                verbose_name="days per turn",
                            ),
                        ),
                        (
                            "multifactory",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="chore_rotas",
                                to="community.multifactory",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "chores rota",
                        "verbose_name_plural": "chores rotas",
                        "db_table": "place_chorerota",
                        "ordering": ["name"],
                    },
                ),
                migrations.CreateModel(
                    name="Incident",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        ("created_at", models.DateTimeField(auto_now_add=True)),
                        ("updated_at", models.DateTimeField(auto_now=True)),
                        (
                            "title",
                            models.CharField(
                                max_length=150, verbose_name="what happened"
                            ),
                        ),
                        (
                            "description",
                            models.TextField(blank=True, verbose_name="details"),
                        ),
                        (
                            "location",
                            models.CharField(
                                blank=True,
                                max_length=150,
                                verbose_name="where, in words",
                            ),
                        ),
                        (
                            "urgency",
                            models.CharField(
                                choices=[
                                    ("low", "Can wait"),
                                    ("normal", "Normal"),
                                    ("high", "Soon"),
                                    ("urgent", "Urgent: safety or blocking"),
                                ],
                                default="normal",
                                max_length=8,
                                verbose_name="urgency",
                            ),
                        ),
                        (
                            "photo",
                            models.FileField(
                                blank=True,
                                upload_to="place/incidents/%Y/%m/",
                                validators=[
                                    django.core.validators.FileExtensionValidator(
                                        ["jpg", "jpeg", "png", "webp", "gif"]
                                    )
                                ],
                                verbose_name="photo",
                            ),
                        ),
                        (
                            "status",
                            models.CharField(
                                choices=[
                                    ("open", "Open"),
                                    ("in_progress", "Being handled"),
                                    ("resolved", "Resolved"),
                                ],
                                default="open",
                                max_length=12,
                                verbose_name="status",
                            ),
                        ),
                        (
                            "resolved_at",
                            models.DateTimeField(
                                blank=True, null=True, verbose_name="resolved at"
                            ),
                        ),
                        (
                            "multifactory",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="incidents",
                                to="community.multifactory",
                            ),
                        ),
                        (
                            "reported_by",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.RESTRICT,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "resource",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="incidents",
                                to="place.resource",
                                verbose_name="where",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "incident",
                        "verbose_name_plural": "incidents",
                        "db_table": "place_incident",
                        "ordering": ["-created_at"],
                    },
                ),
                migrations.CreateModel(
                    name="MaintenanceTask",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        ("created_at", models.DateTimeField(auto_now_add=True)),
                        ("updated_at", models.DateTimeField(auto_now=True)),
                        (
                            "title",
                            models.CharField(max_length=150, verbose_name="task"),
                        ),
                        (
                            "description",
                            models.TextField(blank=True, verbose_name="details"),
                        ),
                        (
                            "due_on",
                            models.DateField(
                                blank=True, null=True, verbose_name="due on"
                            ),
                        ),
                        (
                            "status",
                            models.CharField(
                                choices=[
                                    ("todo", "To do"),
                                    ("doing", "In progress"),
                                    ("done", "Done"),
                                ],
                                default="todo",
                                max_length=6,
                                verbose_name="status",
                            ),
                        ),
                        (
                            "done_at",
                            models.DateTimeField(
                                blank=True, null=True, verbose_name="done at"
                            ),
                        ),
                        (
                            "assigned_organization",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="maintenance_tasks",
                                to="community.organization",
                                verbose_name="company",
                            ),
                        ),
                        (
                            "assigned_person",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="maintenance_tasks",
                                to=settings.AUTH_USER_MODEL,
                                verbose_name="person",
                            ),
                        ),
                        (
                            "created_by",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.RESTRICT,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "incident",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="tasks",
                                to="care.incident",
                            ),
                        ),
                        (
                            "multifactory",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="maintenance_tasks",
                                to="community.multifactory",
                            ),
                        ),
                        (
                            "resource",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to="place.resource",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "maintenance task",
                        "verbose_name_plural": "maintenance tasks",
                        "db_table": "place_maintenancetask",
                        "ordering": ["status", "due_on"],
                    },
                ),
                migrations.CreateModel(
                    name="ChoreRotaMember",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        ("position", models.PositiveSmallIntegerField()),
                        (
                            "organization",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="+",
                                to="community.organization",
                            ),
                        ),
                        (
                            "rota",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="members",
                                to="care.chorerota",
                            ),
                        ),
                    ],
                    options={
                        "db_table": "place_chorerotamember",
                        "ordering": ["position"],
                        "constraints": [
                            models.UniqueConstraint(
                                fields=("rota", "position"),
                                name="place_rota_position_once",
                            ),
                            models.UniqueConstraint(
                                fields=("rota", "organization"),
                                name="place_rota_company_once",
                            ),
                        ],
                    },
                ),
            ],
        ),
        migrations.RunPython(content_types_to_care, content_types_to_place),
    ]
