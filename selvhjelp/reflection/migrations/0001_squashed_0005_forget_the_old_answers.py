"""The reflection app's schema in one step; it stands for the migrations it replaces."""

import django.db.models.deletion
import uuid
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    replaces = [
        ('reflection', '0001_initial'),
        ('reflection', '0002_reflection_tallies'),
        ('reflection', '0003_reflection_convert'),
        ('reflection', '0004_reflection_markers'),
        ('reflection', '0005_forget_the_old_answers'),
    ]

    dependencies = [
        ('contactpoints', '0001_squashed_0003_text_limits'),
        ('groups', '0001_squashed_0006_frames_suggestions_and_retention'),
        ('meetings', '0001_squashed_0003_text_limits_and_cancelled_by'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='CompassVersion',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('number', models.PositiveIntegerField()),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('contact_point', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='compass_versions', to='contactpoints.contactpoint')),
                ('created_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'ordering': ['-number'],
            },
        ),
        migrations.CreateModel(
            name='CompassWord',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('ring', models.CharField(choices=[('inner', 'Inner ring'), ('middle', 'Middle ring'), ('outer', 'Outer ring')], max_length=6)),
                ('position', models.PositiveSmallIntegerField()),
                ('text_nb', models.CharField(max_length=60)),
                ('text_nn', models.CharField(blank=True, max_length=60)),
                ('text_en', models.CharField(blank=True, max_length=60)),
                ('version', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='words', to='reflection.compassversion')),
            ],
            options={
                'ordering': ['ring', 'position'],
            },
        ),
        migrations.CreateModel(
            name='Evaluation',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('period', models.CharField(max_length=20)),
                ('closes_at', models.DateTimeField()),
                ('closed', models.BooleanField(default=False)),
                ('salt', models.BinaryField(max_length=32, null=True)),
                ('answers', models.PositiveIntegerField(default=0)),
                ('safe', models.PositiveIntegerField(default=0)),
                ('time', models.PositiveIntegerField(default=0)),
                ('language', models.PositiveIntegerField(default=0)),
                ('notice', models.PositiveIntegerField(default=0)),
                ('wishes', models.JSONField(default=list)),
                ('group', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='evaluations', to='groups.group')),
            ],
        ),
        migrations.CreateModel(
            name='EvaluationMarker',
            fields=[
                ('id', models.UUIDField(default=uuid.uuid4, editable=False, primary_key=True, serialize=False)),
                ('digest', models.CharField(max_length=64)),
                ('evaluation', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='markers', to='reflection.evaluation')),
            ],
        ),
        migrations.CreateModel(
            name='Reflection',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('closes_at', models.DateTimeField()),
                ('closed', models.BooleanField(default=False)),
                ('salt', models.BinaryField(max_length=32, null=True)),
                ('answers', models.PositiveIntegerField(default=0)),
                ('meeting', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='reflection', to='meetings.meeting')),
                ('version', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='reflection.compassversion')),
            ],
        ),
        migrations.CreateModel(
            name='ReflectionMarker',
            fields=[
                ('id', models.UUIDField(default=uuid.uuid4, editable=False, primary_key=True, serialize=False)),
                ('digest', models.CharField(max_length=64)),
                ('reflection', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='markers', to='reflection.reflection')),
            ],
        ),
        migrations.CreateModel(
            name='ReflectionTally',
            fields=[
                ('id', models.UUIDField(default=uuid.uuid4, editable=False, primary_key=True, serialize=False)),
                ('count', models.PositiveIntegerField(default=0)),
                ('reflection', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='tallies', to='reflection.reflection')),
                ('word', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='reflection.compassword')),
            ],
        ),
        migrations.AddConstraint(
            model_name='compassversion',
            constraint=models.UniqueConstraint(fields=('contact_point', 'number'), name='one_compass_number'),
        ),
        migrations.AddConstraint(
            model_name='evaluation',
            constraint=models.UniqueConstraint(fields=('group', 'period'), name='one_evaluation_per_period'),
        ),
        migrations.AddConstraint(
            model_name='evaluation',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('closed', False), ('salt__isnull', False)), models.Q(('closed', True), ('salt__isnull', True)), _connector='OR'), name='evaluation_salt'),
        ),
        migrations.AddConstraint(
            model_name='evaluationmarker',
            constraint=models.UniqueConstraint(fields=('evaluation', 'digest'), name='one_evaluation_per_member'),
        ),
        migrations.AddConstraint(
            model_name='reflection',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('closed', False), ('salt__isnull', False)), models.Q(('closed', True), ('salt__isnull', True)), _connector='OR'), name='reflection_salt'),
        ),
        migrations.AddConstraint(
            model_name='reflectionmarker',
            constraint=models.UniqueConstraint(fields=('reflection', 'digest'), name='one_reflection_per_member'),
        ),
        migrations.AddConstraint(
            model_name='reflectiontally',
            constraint=models.UniqueConstraint(fields=('reflection', 'word'), name='one_tally_per_word'),
        ),
    ]
