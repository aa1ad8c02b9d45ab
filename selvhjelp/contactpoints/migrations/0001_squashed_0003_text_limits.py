"""The contactpoints app's schema in one step; it stands for the migrations it replaces."""

import django.core.validators
import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    replaces = [
        ('contactpoints', '0001_initial'),
        ('contactpoints', '0002_contactpoint_description_contactpoint_email_and_more'),
        ('contactpoints', '0003_text_limits'),
    ]

    dependencies = [
        ('places', '0001_initial'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='ContactPoint',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('name', models.CharField(max_length=120, verbose_name='name')),
                ('slug', models.SlugField(max_length=80, unique=True, verbose_name='address name')),
                ('kind', models.CharField(choices=[('link', 'LINK centre'), ('volunteer', 'Volunteer centre'), ('healthy_life', 'Healthy-life centre'), ('municipal', 'Municipal service'), ('organisation', 'Organisation')], max_length=20, verbose_name='kind')),
                ('description', models.TextField(blank=True, max_length=4000, verbose_name='public description')),
                ('email', models.EmailField(blank=True, max_length=254, verbose_name='email (a shared role address)')),
                ('phone', models.CharField(blank=True, max_length=30, verbose_name='phone')),
                ('opening_hours', models.CharField(blank=True, max_length=200, verbose_name='opening hours')),
                ('website', models.URLField(blank=True, verbose_name='website')),
                ('interest_threshold', models.PositiveSmallIntegerField(default=5, validators=[django.core.validators.MinValueValidator(2), django.core.validators.MaxValueValidator(8)], verbose_name='people needed before we are told a group can start')),
                ('municipalities', models.ManyToManyField(blank=True, related_name='contact_points', to='places.municipality', verbose_name='municipalities covered')),
            ],
            options={
                'verbose_name': 'contact point',
                'verbose_name_plural': 'contact points',
                'ordering': ['name'],
            },
        ),
        migrations.CreateModel(
            name='StaffInvitation',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('email', models.EmailField(max_length=254, verbose_name='email address')),
                ('role', models.CharField(choices=[('coordinator', 'Coordinator'), ('initiator', 'Initiator')], max_length=20, verbose_name='role')),
                ('token', models.CharField(max_length=64, unique=True)),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('expires_at', models.DateTimeField()),
                ('accepted_at', models.DateTimeField(blank=True, null=True)),
                ('contact_point', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='invitations', to='contactpoints.contactpoint')),
                ('invited_by', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
        ),
        migrations.CreateModel(
            name='Staff',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('role', models.CharField(choices=[('coordinator', 'Coordinator'), ('initiator', 'Initiator')], max_length=20, verbose_name='role')),
                ('contact_point', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='staff', to='contactpoints.contactpoint')),
                ('user', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='staff_roles', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'verbose_name': 'staff member',
                'verbose_name_plural': 'staff',
                'constraints': [models.UniqueConstraint(fields=('contact_point', 'user', 'role'), name='one_role_per_person_and_contact_point')],
            },
        ),
    ]
