"""Doors and keys, moved from the place app without moving a row: the models enter this
app's state only (database_operations=[]), on the tables the place created
(`Meta.db_table = "place_…"`, constraints and indexes keep their names); then their
content types move from `place` to `doors`. See place.0007_doors_and_care_moved_out
and docs/place.md.
"""

import django.core.validators
import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


MODELS = ("door", "key", "keyhandover", "accesspolicy", "doorcontroller", "accesscheck")


def content_types_to_doors(apps, schema_editor):
    """The content types (and so the permissions) of the moved models follow them, so
    a row that points at one (admin log, permission) keeps pointing at the model."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    for model in MODELS:
        if ContentType.objects.filter(app_label="doors", model=model).exists():
            continue
        ContentType.objects.filter(app_label="place", model=model).update(
            app_label="doors"
        )


def content_types_to_place(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    for model in MODELS:
        ContentType.objects.filter(app_label="doors", model=model).update(
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
                    name="Door",
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
                        ("name", models.CharField(max_length=100, verbose_name="name")),
                        (
                            "slug",
                            models.SlugField(
                                max_length=60,
                                validators=[
                                    django.core.validators.RegexValidator(
                                        "^[a-z0-9]+(?:-[a-z0-9]+)*$",
                                        "Use lowercase letters, digits and single hyphens, e.g. r84-mantua.",
                                    )
                                ],
                                verbose_name="code",
                            ),
                        ),
                        (
                            "multifactory",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="doors",
                                to="community.multifactory",
                            ),
                        ),
                        (
                            "resource",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="doors",
                                to="place.resource",
                                verbose_name="opens",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "door",
                        "verbose_name_plural": "doors",
                        "db_table": "place_door",
                        "ordering": ["name"],
                    },
                ),
                migrations.CreateModel(
                    name="AccessPolicy",
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
                        ("name", models.CharField(max_length=120, verbose_name="name")),
                        (
                            "weekdays",
                            models.CharField(
                                default="0123456",
                                max_length=7,
                                validators=[
                                    django.core.validators.RegexValidator(
                                        "^[0-6]{1,7}$",
                                        "Weekdays as digits, 0 = Monday.",
                                    )
                                ],
                                verbose_name="weekdays",
                            ),
                        ),
                        (
                            "opens_minute",
                            models.PositiveIntegerField(
                                default=0,
                                validators=[
                                    django.core.validators.MaxValueValidator(1439)
                                ],
                                verbose_name="from (minutes after midnight)",
                            ),
                        ),
                        (
                            "closes_minute",
                            models.PositiveIntegerField(
                                default=1440,
                                validators=[
                                    django.core.validators.MinValueValidator(1),
                                    django.core.validators.MaxValueValidator(1440),
                                ],
                                verbose_name="until (minutes after midnight)",
                            ),
                        ),
                        (
                            "valid_from",
                            models.DateField(
                                blank=True, null=True, verbose_name="valid from"
                            ),
                        ),
                        (
                            "valid_until",
                            models.DateField(
                                blank=True, null=True, verbose_name="valid until"
                            ),
                        ),
                        (
                            "multifactory",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="access_policies",
                                to="community.multifactory",
                            ),
                        ),
                        (
                            "organization",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="access_policies",
                                to="community.organization",
                            ),
                        ),
                        (
                            "person",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="access_policies",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "door",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="policies",
                                to="doors.door",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "access policy",
                        "verbose_name_plural": "access policies",
                        "db_table": "place_accesspolicy",
                        "ordering": ["name"],
                    },
                ),
                migrations.CreateModel(
                    name="DoorController",
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
                        ("name", models.CharField(max_length=100, verbose_name="name")),
                        (
                            "token_hash",
                            models.CharField(
                                editable=False, max_length=64, unique=True
                            ),
                        ),
                        (
                            "revoked_at",
                            models.DateTimeField(
                                blank=True, null=True, verbose_name="revoked at"
                            ),
                        ),
                        (
                            "doors",
                            models.ManyToManyField(
                                related_name="controllers", to="doors.door"
                            ),
                        ),
                        (
                            "multifactory",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="door_controllers",
                                to="community.multifactory",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "door controller",
                        "verbose_name_plural": "door controllers",
                        "db_table": "place_doorcontroller",
                    },
                ),
                migrations.CreateModel(
                    name="Key",
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
                            "kind",
                            models.CharField(
                                choices=[("key", "Key"), ("badge", "Badge")],
                                max_length=6,
                                verbose_name="kind",
                            ),
                        ),
                        (
                            "label",
                            models.CharField(max_length=100, verbose_name="label"),
                        ),
                        (
                            "code",
                            models.CharField(
                                help_text="The number stamped on the key, or the badge's code.",
                                max_length=64,
                                verbose_name="number or badge code",
                            ),
                        ),
                        (
                            "deposit",
                            models.PositiveIntegerField(
                                default=0,
                                help_text="In minor units.",
                                verbose_name="deposit (minor units)",
                            ),
                        ),
                        (
                            "status",
                            models.CharField(
                                choices=[
                                    ("active", "In use"),
                                    ("lost", "Lost"),
                                    ("retired", "Retired"),
                                ],
                                default="active",
                                max_length=8,
                                verbose_name="status",
                            ),
                        ),
                        (
                            "doors",
                            models.ManyToManyField(
                                blank=True, related_name="keys", to="doors.door"
                            ),
                        ),
                        (
                            "multifactory",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="keys",
                                to="community.multifactory",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "key or badge",
                        "verbose_name_plural": "keys and badges",
                        "db_table": "place_key",
                        "ordering": ["kind", "label"],
                    },
                ),
                migrations.CreateModel(
                    name="AccessCheck",
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
                        (
                            "door_code",
                            models.CharField(max_length=60, verbose_name="door"),
                        ),
                        (
                            "badge_code",
                            models.CharField(max_length=64, verbose_name="badge"),
                        ),
                        ("at", models.DateTimeField(verbose_name="at")),
                        ("allowed", models.BooleanField(verbose_name="allowed")),
                        (
                            "reason",
                            models.CharField(max_length=40, verbose_name="reason"),
                        ),
                        (
                            "multifactory",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="access_checks",
                                to="community.multifactory",
                            ),
                        ),
                        (
                            "person",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "door",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to="doors.door",
                            ),
                        ),
                        (
                            "controller",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="checks",
                                to="doors.doorcontroller",
                            ),
                        ),
                        (
                            "key",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to="doors.key",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "access check",
                        "verbose_name_plural": "access checks",
                        "db_table": "place_accesscheck",
                        "ordering": ["-at"],
                    },
                ),
                migrations.CreateModel(
                    name="KeyHandover",
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
                        ("issued_on", models.DateField(verbose_name="issued on")),
                        (
                            "returned_on",
                            models.DateField(
                                blank=True, null=True, verbose_name="returned on"
                            ),
                        ),
                        (
                            "deposit_paid",
                            models.PositiveIntegerField(
                                default=0, verbose_name="deposit paid (minor units)"
                            ),
                        ),
                        (
                            "deposit_returned",
                            models.PositiveIntegerField(
                                default=0,
                                verbose_name="deposit given back (minor units)",
                            ),
                        ),
                        (
                            "holder",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.RESTRICT,
                                related_name="key_handovers",
                                to=settings.AUTH_USER_MODEL,
                                verbose_name="holder",
                            ),
                        ),
                        (
                            "issued_by",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.RESTRICT,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "key",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="handovers",
                                to="doors.key",
                            ),
                        ),
                        (
                            "multifactory",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="key_handovers",
                                to="community.multifactory",
                            ),
                        ),
                        (
                            "organization",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.RESTRICT,
                                related_name="key_handovers",
                                to="community.organization",
                                verbose_name="company",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "key handover",
                        "verbose_name_plural": "key handovers",
                        "db_table": "place_keyhandover",
                        "ordering": ["-issued_on"],
                    },
                ),
                migrations.AddConstraint(
                    model_name="door",
                    constraint=models.UniqueConstraint(
                        fields=("multifactory", "slug"), name="place_door_slug_per_mf"
                    ),
                ),
                migrations.AddConstraint(
                    model_name="accesspolicy",
                    constraint=models.CheckConstraint(
                        condition=models.Q(
                            ("opens_minute__lt", models.F("closes_minute"))
                        ),
                        name="place_access_policy_hours",
                        violation_error_message="Access must end after it starts.",
                    ),
                ),
                migrations.AddConstraint(
                    model_name="key",
                    constraint=models.UniqueConstraint(
                        fields=("multifactory", "code"),
                        name="place_key_code_per_mf",
                        violation_error_message="Another key or badge has this code.",
                    ),
                ),
                migrations.AddIndex(
                    model_name="accesscheck",
                    index=models.Index(
                        fields=["multifactory", "-at"],
                        name="place_acces_multifa_81231d_idx",
                    ),
                ),
                migrations.AddConstraint(
                    model_name="keyhandover",
                    constraint=models.UniqueConstraint(
                        condition=models.Q(("returned_on__isnull", True)),
                        fields=("key",),
                        name="place_key_one_holder",
                        violation_error_message="This key is already handed out.",
                    ),
                ),
            ],
        ),
        migrations.RunPython(content_types_to_doors, content_types_to_place),
    ]
