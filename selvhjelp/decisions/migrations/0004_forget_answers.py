import django.db.models.expressions
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("decisions", "0003_count_at_closing"),
    ]

    operations = [
        migrations.RemoveField(
            model_name="vote",
            name="changed_at",
        ),
        migrations.AddConstraint(
            model_name='proposal',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('answered_count__isnull', True), ('counted_count__isnull', True), ('no_count__isnull', True), ('state', 'open'), ('yes_count__isnull', True)), models.Q(models.Q(('state', 'open'), _negated=True), ('answered_count__isnull', False), ('answered_count__lte', models.F('counted_count')), ('counted_count__isnull', False)), _connector='OR'), name='proposal_counted_at_closing'),
        ),
        migrations.AddConstraint(
            model_name='proposal',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('no_count__isnull', True), ('yes_count__isnull', True)), models.Q(('answered_count', django.db.models.expressions.CombinedExpression(models.F('yes_count'), '+', models.F('no_count'))), ('no_count__isnull', False), ('yes_count__isnull', False)), _connector='OR'), name='proposal_split_adds_up'),
        ),
        migrations.AddConstraint(
            model_name='proposal',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('state', 'adopted'), _negated=True), models.Q(('counted_count__gt', 0), ('no_count', 0), ('yes_count', models.F('counted_count')), ('yes_count__isnull', False)), _connector='OR'), name='proposal_adopted_by_everyone'),
        ),
    ]
