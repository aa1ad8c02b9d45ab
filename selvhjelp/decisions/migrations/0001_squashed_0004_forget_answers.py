"""The decisions app's schema in one step; it stands for the migrations it replaces."""

import django.db.models.deletion
import django.db.models.expressions
import selvhjelp.decisions.models
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    replaces = [
        ('decisions', '0001_initial'),
        ('decisions', '0002_move_meeting_kind'),
        ('decisions', '0003_count_at_closing'),
        ('decisions', '0004_forget_answers'),
    ]

    dependencies = [
        ('groups', '0001_squashed_0006_frames_suggestions_and_retention'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='Proposal',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('code', models.CharField(default=selvhjelp.decisions.models.proposal_code, max_length=12, unique=True)),
                ('kind', models.CharField(choices=[('admit', 'Admit someone who wants to join'), ('open_seats', 'Open places for new members'), ('series', 'Change when or where we meet'), ('move_meeting', 'Move one meeting'), ('agreement', 'Change the group agreement'), ('declaration', 'Change the confidentiality declaration'), ('pause', 'Take a break'), ('resume', 'Start again after a break'), ('end', 'End the group'), ('question', 'A question with no effect')], max_length=12, verbose_name='kind')),
                ('text', models.TextField(blank=True, verbose_name='the proposal in words')),
                ('payload', models.JSONField(blank=True, default=dict)),
                ('counting', models.JSONField(default=list)),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('deadline', models.DateTimeField()),
                ('state', models.CharField(choices=[('open', 'Open'), ('adopted', 'Adopted'), ('not_adopted', 'Not adopted')], default='open', max_length=12)),
                ('decided_at', models.DateTimeField(blank=True, null=True)),
                ('reason', models.CharField(blank=True, max_length=30)),
                ('reminded', models.BooleanField(default=False)),
                ('counted_count', models.PositiveSmallIntegerField(blank=True, null=True)),
                ('answered_count', models.PositiveSmallIntegerField(blank=True, null=True)),
                ('yes_count', models.PositiveSmallIntegerField(blank=True, null=True)),
                ('no_count', models.PositiveSmallIntegerField(blank=True, null=True)),
                ('group', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='proposals', to='groups.group')),
                ('proposed_by', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'ordering': ['-created_at'],
            },
        ),
        migrations.CreateModel(
            name='Vote',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('yes', models.BooleanField()),
                ('proposal', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='votes', to='decisions.proposal')),
                ('voter', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
        ),
        migrations.AddIndex(
            model_name='proposal',
            index=models.Index(fields=['state', 'deadline'], name='proposal_due'),
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
        migrations.AddConstraint(
            model_name='vote',
            constraint=models.UniqueConstraint(fields=('proposal', 'voter'), name='one_vote_per_member'),
        ),
    ]
