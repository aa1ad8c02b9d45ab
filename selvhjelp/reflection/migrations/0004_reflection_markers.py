"""No more answer rows; markers belong to one open reflection or self-evaluation and go with
its salt at closing."""

import uuid

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("groups", "0004_starting"),
        ("reflection", "0003_reflection_convert"),
    ]

    operations = [
        migrations.DeleteModel(name="ReflectionAnswer"),
        migrations.DeleteModel(name="EvaluationAnswer"),
        migrations.DeleteModel(name="ReflectionMarker"),
        migrations.DeleteModel(name="EvaluationMarker"),
        migrations.AlterField(
            model_name="evaluation",
            name="group",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="evaluations",
                to="groups.group",
            ),
        ),
        migrations.CreateModel(
            name="ReflectionMarker",
            fields=[
                (
                    "id",
                    models.UUIDField(
                        default=uuid.uuid4, editable=False, primary_key=True, serialize=False
                    ),
                ),
                ("digest", models.CharField(max_length=64)),
                (
                    "reflection",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="markers",
                        to="reflection.reflection",
                    ),
                ),
            ],
            options={
                "constraints": [
                    models.UniqueConstraint(
                        fields=("reflection", "digest"), name="one_reflection_per_member"
                    )
                ],
            },
        ),
        migrations.CreateModel(
            name="EvaluationMarker",
            fields=[
                (
                    "id",
                    models.UUIDField(
                        default=uuid.uuid4, editable=False, primary_key=True, serialize=False
                    ),
                ),
                ("digest", models.CharField(max_length=64)),
                (
                    "evaluation",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="markers",
                        to="reflection.evaluation",
                    ),
                ),
            ],
            options={
                "constraints": [
                    models.UniqueConstraint(
                        fields=("evaluation", "digest"), name="one_evaluation_per_member"
                    )
                ],
            },
        ),
    ]
