"""Reflections and self-evaluations kept as tallies per meeting and period, not one row per
answer (see the docstring of `reflection/models.py`)."""

import uuid

import django.db.models.deletion
from django.db import migrations, models

OPEN_HAS_SALT = models.Q(closed=False, salt__isnull=False) | models.Q(
    closed=True, salt__isnull=True
)


class Migration(migrations.Migration):
    dependencies = [
        ("groups", "0004_starting"),
        ("meetings", "0002_leaving_notice"),
        ("reflection", "0001_initial"),
    ]

    operations = [
        migrations.CreateModel(
            name="Reflection",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("closes_at", models.DateTimeField()),
                ("closed", models.BooleanField(default=False)),
                ("salt", models.BinaryField(editable=False, max_length=32, null=True)),
                ("answers", models.PositiveIntegerField(default=0)),
                (
                    "meeting",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="reflection",
                        to="meetings.meeting",
                    ),
                ),
                (
                    "version",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="reflection.compassversion",
                    ),
                ),
            ],
            options={
                "constraints": [
                    models.CheckConstraint(condition=OPEN_HAS_SALT, name="reflection_salt")
                ],
            },
        ),
        migrations.CreateModel(
            name="ReflectionTally",
            fields=[
                (
                    "id",
                    models.UUIDField(
                        default=uuid.uuid4, editable=False, primary_key=True, serialize=False
                    ),
                ),
                ("count", models.PositiveIntegerField(default=0)),
                (
                    "reflection",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="tallies",
                        to="reflection.reflection",
                    ),
                ),
                (
                    "word",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="reflection.compassword",
                    ),
                ),
            ],
            options={
                "constraints": [
                    models.UniqueConstraint(
                        fields=("reflection", "word"), name="one_tally_per_word"
                    )
                ],
            },
        ),
        migrations.CreateModel(
            name="Evaluation",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("period", models.CharField(max_length=20)),
                ("closes_at", models.DateTimeField()),
                ("closed", models.BooleanField(default=False)),
                ("salt", models.BinaryField(editable=False, max_length=32, null=True)),
                ("answers", models.PositiveIntegerField(default=0)),
                ("safe", models.PositiveIntegerField(default=0)),
                ("time", models.PositiveIntegerField(default=0)),
                ("language", models.PositiveIntegerField(default=0)),
                ("notice", models.PositiveIntegerField(default=0)),
                ("wishes", models.JSONField(default=list)),
                (
                    "group",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="groups.group",
                    ),
                ),
            ],
            options={
                "constraints": [
                    models.UniqueConstraint(
                        fields=("group", "period"), name="one_evaluation_per_period"
                    ),
                    models.CheckConstraint(condition=OPEN_HAS_SALT, name="evaluation_salt"),
                ],
            },
        ),
    ]
