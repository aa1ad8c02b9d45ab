from django.db import migrations


class Migration(migrations.Migration):
    """A person's interest in one group belongs to the group now; the table moves with it
    in `groups.0005` and no row changes."""

    dependencies = [("interest", "0001_initial")]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="GroupInterest")],
            database_operations=[],
        )
    ]
