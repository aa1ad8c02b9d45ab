"""The meetings app's schema in one step; it stands for the migrations it replaces."""

import django.db.models.deletion
import selvhjelp.meetings.models
import uuid
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    replaces = [
        ('meetings', '0001_initial'),
        ('meetings', '0002_leaving_notice'),
        ('meetings', '0003_text_limits_and_cancelled_by'),
    ]

    dependencies = [
        ('contactpoints', '0001_squashed_0003_text_limits'),
        ('groups', '0001_squashed_0006_frames_suggestions_and_retention'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='CalendarFeed',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('token', models.CharField(max_length=64, unique=True)),
                ('created_at', models.DateTimeField(auto_now=True)),
                ('user', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='calendar_feed', to=settings.AUTH_USER_MODEL)),
            ],
        ),
        migrations.CreateModel(
            name='Meeting',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('code', models.CharField(default=selvhjelp.meetings.models.meeting_code, max_length=12, unique=True)),
                ('original_start', models.DateTimeField()),
                ('starts_at', models.DateTimeField(db_index=True)),
                ('ends_at', models.DateTimeField()),
                ('cancelled', models.BooleanField(default=False)),
                ('message', models.CharField(blank=True, max_length=300, verbose_name='message to the group')),
                ('place_details', models.TextField(blank=True)),
                ('moved', models.BooleanField(default=False)),
                ('cancelled_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'ordering': ['starts_at'],
            },
        ),
        migrations.CreateModel(
            name='LeavingNotice',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('membership', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='leaving_notice', to='groups.membership')),
                ('last_meeting', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, to='meetings.meeting')),
            ],
        ),
        migrations.CreateModel(
            name='MeetingSeries',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('uid', models.UUIDField(default=uuid.uuid4, editable=False, unique=True)),
                ('start_date', models.DateField(verbose_name='first meeting')),
                ('start_time', models.TimeField(verbose_name='starts at')),
                ('weekdays', models.JSONField(default=list, verbose_name='weekdays')),
                ('interval', models.PositiveSmallIntegerField(default=1, verbose_name='every … weeks')),
                ('length_minutes', models.PositiveSmallIntegerField(default=120, verbose_name='length (minutes)')),
                ('place_kind', models.CharField(choices=[('room', 'A room'), ('video', 'Video'), ('phone', 'Phone')], max_length=10, verbose_name='place')),
                ('place_details', models.TextField(blank=True, verbose_name='place details (members only): room, video link or phone instructions')),
                ('updated_at', models.DateTimeField(auto_now=True)),
                ('group', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='series', to='groups.group')),
            ],
        ),
        migrations.AddField(
            model_name='meeting',
            name='series',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='meetings', to='meetings.meetingseries'),
        ),
        migrations.CreateModel(
            name='Premises',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('code', models.CharField(default=selvhjelp.meetings.models.premises_code, max_length=12, unique=True)),
                ('name', models.CharField(max_length=120, verbose_name='name')),
                ('owner_kind', models.CharField(choices=[('volunteer', 'Volunteer centre'), ('library', 'Library'), ('school', 'School'), ('municipal', 'Municipal'), ('other', 'Other')], max_length=12, verbose_name='owned by')),
                ('address', models.CharField(max_length=200, verbose_name='address')),
                ('capacity', models.PositiveSmallIntegerField(default=10, verbose_name='places')),
                ('step_free', models.BooleanField(default=False, verbose_name='step-free access')),
                ('hearing_loop', models.BooleanField(default=False, verbose_name='hearing loop')),
                ('accessible_toilet', models.BooleanField(default=False, verbose_name='accessible toilet')),
                ('notes', models.TextField(blank=True, max_length=2000, verbose_name='practical notes')),
                ('host_contact', models.CharField(blank=True, max_length=200, verbose_name='host contact (for the coordinator)')),
                ('contact_point', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='premises', to='contactpoints.contactpoint')),
            ],
            options={
                'verbose_name': 'premises',
                'verbose_name_plural': 'premises',
                'ordering': ['name'],
            },
        ),
        migrations.AddField(
            model_name='meetingseries',
            name='premises',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='series', to='meetings.premises'),
        ),
        migrations.AddField(
            model_name='meeting',
            name='premises',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='meetings', to='meetings.premises'),
        ),
        migrations.CreateModel(
            name='Absence',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('user', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='absences', to=settings.AUTH_USER_MODEL)),
                ('meeting', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='absences', to='meetings.meeting')),
            ],
            options={
                'constraints': [models.UniqueConstraint(fields=('meeting', 'user'), name='one_absence_per_meeting')],
            },
        ),
        migrations.AddConstraint(
            model_name='meetingseries',
            constraint=models.CheckConstraint(condition=models.Q(('interval__gte', 1), ('interval__lte', 4)), name='series_interval_range'),
        ),
        migrations.AddConstraint(
            model_name='meetingseries',
            constraint=models.CheckConstraint(condition=models.Q(('length_minutes__gte', 30), ('length_minutes__lte', 240)), name='series_length_range'),
        ),
        migrations.AddIndex(
            model_name='meeting',
            index=models.Index(fields=['premises', 'starts_at'], name='meeting_room_time'),
        ),
        migrations.AddConstraint(
            model_name='meeting',
            constraint=models.UniqueConstraint(fields=('series', 'original_start'), name='one_meeting_per_date'),
        ),
        migrations.AddConstraint(
            model_name='meeting',
            constraint=models.CheckConstraint(condition=models.Q(('ends_at__gt', models.F('starts_at'))), name='meeting_ends_after_start'),
        ),
    ]
