"""The audit app's schema in one step; it stands for the migrations it replaces."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    replaces = [
        ('audit', '0001_initial'),
        ('audit', '0002_target_and_data'),
    ]

    dependencies = [
        ('contactpoints', '0001_squashed_0003_text_limits'),
        ('contenttypes', '0002_remove_content_type_name'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='AuditEntry',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('at', models.DateTimeField(auto_now_add=True, db_index=True)),
                ('action', models.CharField(choices=[('view_interest', "Opened a person's interest"), ('view_intake', 'Opened the intake conversations of a group'), ('staff_invite', 'Invited staff'), ('staff_join', 'Joined as staff'), ('staff_remove', 'Removed staff'), ('theme_change', 'Changed a theme'), ('theme_add', 'Added a theme'), ('theme_suggest', 'Suggested a theme'), ('listing_approve', 'Listed a self-started group')], max_length=40)),
                ('target_id', models.CharField(blank=True, max_length=40)),
                ('data', models.JSONField(blank=True, default=dict)),
                ('actor', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('contact_point', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, to='contactpoints.contactpoint')),
                ('subject', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('target_type', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='contenttypes.contenttype')),
            ],
            options={
                'verbose_name': 'audit entry',
                'verbose_name_plural': 'audit log',
                'ordering': ['-at'],
                'indexes': [models.Index(fields=['target_type', 'target_id'], name='audit_by_target')],
            },
        ),
    ]
