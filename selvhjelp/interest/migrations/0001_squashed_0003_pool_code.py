"""The interest app's schema in one step; it stands for the migrations it replaces."""

import django.db.models.deletion
import selvhjelp.groups.models
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    replaces = [
        ('interest', '0001_initial'),
        ('interest', '0002_groupinterest_to_groups'),
        ('interest', '0003_pool_code'),
    ]

    dependencies = [
        ('contactpoints', '0001_squashed_0003_text_limits'),
        ('groups', '0001_squashed_0006_frames_suggestions_and_retention'),
        ('places', '0001_initial'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='Interest',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('reach', models.CharField(choices=[('municipality', 'My own municipality'), ('county', 'Anywhere in my county')], default='municipality', max_length=15)),
                ('digital_ok', models.BooleanField(default=False)),
                ('weekdays', models.JSONField(blank=True, default=list)),
                ('times_of_day', models.JSONField(blank=True, default=list)),
                ('confirmed_at', models.DateTimeField()),
                ('expires_at', models.DateTimeField(db_index=True)),
                ('expiry_notice_sent_at', models.DateTimeField(blank=True, null=True)),
                ('contact_point', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='interests', to='contactpoints.contactpoint')),
                ('municipality', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='interests', to='places.municipality')),
                ('themes', models.ManyToManyField(related_name='interests', to='groups.theme')),
                ('user', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='interest', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'verbose_name': 'interest',
                'verbose_name_plural': 'interest',
                'indexes': [models.Index(fields=['contact_point', 'municipality'], name='interest_by_area')],
            },
        ),
        migrations.CreateModel(
            name='Pool',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('code', models.CharField(default=selvhjelp.groups.models.new_code, editable=False, max_length=12, unique=True)),
                ('at_threshold', models.BooleanField(default=False)),
                ('crossings', models.PositiveIntegerField(default=0)),
                ('contact_point', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, to='contactpoints.contactpoint')),
                ('municipality', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, to='places.municipality')),
                ('theme', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, to='groups.theme')),
            ],
            options={
                'constraints': [models.UniqueConstraint(fields=('contact_point', 'theme', 'municipality'), name='one_pool_per_area')],
            },
        ),
    ]
