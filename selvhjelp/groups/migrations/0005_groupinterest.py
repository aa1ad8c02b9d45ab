import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    """`GroupInterest` moves here from `interest`: admission clears it, and `groups` sits below
    `interest`. The model takes over the existing table, which is then renamed."""

    dependencies = [
        ("groups", "0004_starting"),
        ("interest", "0002_groupinterest_to_groups"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="GroupInterest",
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
                        (
                            "group",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="interested",
                                to="groups.group",
                            ),
                        ),
                        (
                            "user",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="group_interests",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                    ],
                    options={
                        "db_table": "interest_groupinterest",
                        "constraints": [
                            models.UniqueConstraint(
                                fields=("user", "group"), name="one_interest_per_group"
                            )
                        ],
                    },
                )
            ],
            database_operations=[],
        ),
        migrations.AlterModelTable(name="groupinterest", table=None),
    ]
