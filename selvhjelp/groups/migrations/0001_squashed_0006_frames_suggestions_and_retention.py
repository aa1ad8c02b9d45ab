"""The groups app's schema in one step; it stands for the migrations it replaces."""

import django.db.models.deletion
import selvhjelp.groups.models
from django.conf import settings
from django.db import migrations, models

# Full-text search for the directory: a GIN index on PostgreSQL, an FTS5 table on SQLite.
POSTGRES_UP = [
    "CREATE INDEX groups_group_search ON groups_group "
    "USING GIN (to_tsvector('simple'::regconfig, search_document))",
]
POSTGRES_DOWN = ["DROP INDEX IF EXISTS groups_group_search"]

SQLITE_UP = [
    "CREATE VIRTUAL TABLE groups_group_fts USING fts5("
    "search_document, content='groups_group', content_rowid='id')",
    "CREATE TRIGGER groups_group_fts_insert AFTER INSERT ON groups_group BEGIN "
    "INSERT INTO groups_group_fts(rowid, search_document) VALUES (new.id, new.search_document); "
    "END",
    "CREATE TRIGGER groups_group_fts_delete AFTER DELETE ON groups_group BEGIN "
    "INSERT INTO groups_group_fts(groups_group_fts, rowid, search_document) "
    "VALUES ('delete', old.id, old.search_document); END",
    "CREATE TRIGGER groups_group_fts_update AFTER UPDATE OF search_document ON groups_group BEGIN "
    "INSERT INTO groups_group_fts(groups_group_fts, rowid, search_document) "
    "VALUES ('delete', old.id, old.search_document); "
    "INSERT INTO groups_group_fts(rowid, search_document) VALUES (new.id, new.search_document); "
    "END",
]
SQLITE_DOWN = [
    "DROP TRIGGER IF EXISTS groups_group_fts_update",
    "DROP TRIGGER IF EXISTS groups_group_fts_delete",
    "DROP TRIGGER IF EXISTS groups_group_fts_insert",
    "DROP TABLE IF EXISTS groups_group_fts",
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run


def themes_load(apps, schema_editor):
    from selvhjelp.groups.defaults import themes_load as load

    load(apps.get_model("groups", "Theme"))


class Migration(migrations.Migration):

    initial = True

    replaces = [
        ('groups', '0001_initial'),
        ('groups', '0002_search_index'),
        ('groups', '0003_default_themes'),
        ('groups', '0004_starting'),
        ('groups', '0005_groupinterest'),
        ('groups', '0006_frames_suggestions_and_retention'),
    ]

    dependencies = [
        ('contactpoints', '0001_squashed_0003_text_limits'),
        ('places', '0001_initial'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='Group',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('code', models.CharField(default=selvhjelp.groups.models.new_code, editable=False, max_length=12, unique=True)),
                ('title', models.CharField(max_length=120, verbose_name='title')),
                ('kind', models.CharField(choices=[('shared', 'Shared situation'), ('across', 'Across problems')], max_length=10, verbose_name='kind')),
                ('format', models.CharField(choices=[('physical', 'Meets in person'), ('video', 'Meets by video'), ('phone', 'Meets by phone')], max_length=10, verbose_name='format')),
                ('weekday', models.PositiveSmallIntegerField(blank=True, choices=[(0, 'Monday'), (1, 'Tuesday'), (2, 'Wednesday'), (3, 'Thursday'), (4, 'Friday'), (5, 'Saturday'), (6, 'Sunday')], null=True, verbose_name='weekday')),
                ('time_of_day', models.CharField(blank=True, choices=[('morning', 'Morning'), ('daytime', 'Daytime'), ('evening', 'Evening')], max_length=10, verbose_name='time of day')),
                ('language', models.CharField(choices=[('no', 'Norwegian'), ('en', 'English'), ('se', 'Northern Sami'), ('other', 'Another language')], default='no', max_length=5, verbose_name='language')),
                ('state', models.CharField(choices=[('forming', 'Collecting participants'), ('starting', 'Starting up'), ('running', 'Running'), ('paused', 'Taking a break'), ('ended', 'Ended')], default='forming', max_length=10, verbose_name='state')),
                ('openness', models.CharField(choices=[('closed', 'Closed'), ('open', 'Open for new participants')], default='closed', max_length=10, verbose_name='openness')),
                ('free_seats', models.PositiveSmallIntegerField(default=0, verbose_name='free seats')),
                ('listed', models.BooleanField(default=False, verbose_name='shown in the directory')),
                ('listing_requested_at', models.DateTimeField(blank=True, null=True)),
                ('capacity', models.PositiveSmallIntegerField(default=8, verbose_name='places in the group')),
                ('self_started', models.BooleanField(default=False)),
                ('principles_introduced_at', models.DateTimeField(blank=True, null=True)),
                ('first_meeting_held_at', models.DateTimeField(blank=True, null=True)),
                ('handed_over_at', models.DateTimeField(blank=True, null=True)),
                ('follow_up_planned_on', models.DateField(blank=True, null=True)),
                ('follow_up_done_at', models.DateTimeField(blank=True, null=True)),
                ('invitation_token', models.CharField(blank=True, db_index=True, max_length=64)),
                ('invitation_expires_at', models.DateTimeField(blank=True, null=True)),
                ('ended_at', models.DateTimeField(blank=True, null=True, verbose_name='ended at')),
                ('personal_data_erased_at', models.DateTimeField(blank=True, null=True, verbose_name='personal data erased at')),
                ('former_members', models.PositiveIntegerField(default=0, verbose_name='former members')),
                ('meetings_held', models.PositiveIntegerField(default=0, verbose_name='meetings held')),
                ('search_document', models.TextField(blank=True, editable=False)),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('contact_point', models.ForeignKey(blank=True, help_text='Empty for a group a participant started on their own.', null=True, on_delete=django.db.models.deletion.PROTECT, related_name='groups', to='contactpoints.contactpoint')),
                ('initiator', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='initiated_groups', to=settings.AUTH_USER_MODEL)),
                ('municipality', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='groups', to='places.municipality')),
            ],
            options={
                'verbose_name': 'group',
                'verbose_name_plural': 'groups',
            },
        ),
        migrations.CreateModel(
            name='DeclarationVersion',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('number', models.PositiveSmallIntegerField()),
                ('text', models.TextField()),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('group', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='declarations', to='groups.group')),
            ],
            options={
                'ordering': ['-number'],
            },
        ),
        migrations.CreateModel(
            name='Agreement',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('rhythm', models.CharField(blank=True, max_length=200, verbose_name='how often we meet')),
                ('length_minutes', models.PositiveSmallIntegerField(default=120, verbose_name='length of a meeting (minutes)')),
                ('has_break', models.BooleanField(default=True, verbose_name='a break half-way')),
                ('place', models.TextField(blank=True, max_length=1000, verbose_name='place or video room (members only)')),
                ('openness', models.TextField(blank=True, max_length=4000, verbose_name='new members')),
                ('notice', models.TextField(blank=True, max_length=4000, verbose_name='how and by when we give notice')),
                ('sobriety', models.TextField(blank=True, max_length=4000, verbose_name='sobriety')),
                ('greeting', models.TextField(blank=True, max_length=4000, verbose_name='greeting each other outside the group')),
                ('refreshments', models.TextField(blank=True, max_length=4000, verbose_name='refreshments')),
                ('online', models.TextField(blank=True, max_length=4000, verbose_name='rules for meeting online')),
                ('ending', models.TextField(blank=True, max_length=4000, verbose_name='how the group ends')),
                ('updated_at', models.DateTimeField(auto_now=True)),
                ('group', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='agreement', to='groups.group')),
            ],
        ),
        migrations.CreateModel(
            name='GroupInterest',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('group', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='interested', to='groups.group')),
                ('user', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='group_interests', to=settings.AUTH_USER_MODEL)),
            ],
        ),
        migrations.CreateModel(
            name='Intake',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('held_on', models.DateField(verbose_name='date of the conversation')),
                ('outcome', models.CharField(choices=[('suitable', 'Suitable for the group'), ('referred', 'Referred elsewhere'), ('declined', 'Declined')], max_length=10, verbose_name='outcome')),
                ('group', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='intakes', to='groups.group')),
                ('recorded_by', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('user', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='intakes', to=settings.AUTH_USER_MODEL)),
            ],
        ),
        migrations.CreateModel(
            name='Membership',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('state', models.CharField(choices=[('invited', 'Invited'), ('member', 'Member'), ('declined', 'Declined'), ('left', 'Left')], max_length=10)),
                ('invited_at', models.DateTimeField(blank=True, null=True)),
                ('joined_at', models.DateTimeField(blank=True, null=True)),
                ('left_at', models.DateTimeField(blank=True, null=True)),
                ('group', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='memberships', to='groups.group')),
                ('user', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='memberships', to=settings.AUTH_USER_MODEL)),
            ],
        ),
        migrations.CreateModel(
            name='Signature',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('signed_at', models.DateTimeField(auto_now_add=True)),
                ('declaration', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='signatures', to='groups.declarationversion')),
                ('user', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='signatures', to=settings.AUTH_USER_MODEL)),
            ],
        ),
        migrations.CreateModel(
            name='Theme',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('slug', models.SlugField(max_length=60, unique=True, verbose_name='address name')),
                ('kind', models.CharField(choices=[('shared', 'Shared situation'), ('across', 'Across problems')], max_length=10, verbose_name='kind')),
                ('name_nb', models.CharField(max_length=80, verbose_name='name (bokmål)')),
                ('name_nn', models.CharField(blank=True, max_length=80, verbose_name='name (nynorsk)')),
                ('name_en', models.CharField(blank=True, max_length=80, verbose_name='name (English)')),
                ('description_nb', models.TextField(blank=True, max_length=4000, verbose_name='description (bokmål)')),
                ('description_nn', models.TextField(blank=True, max_length=4000, verbose_name='description (nynorsk)')),
                ('description_en', models.TextField(blank=True, max_length=4000, verbose_name='description (English)')),
                ('active', models.BooleanField(default=True, verbose_name='in use')),
                ('position', models.PositiveSmallIntegerField(default=100, verbose_name='order')),
                ('suggested_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='suggested by')),
            ],
            options={
                'verbose_name': 'theme',
                'verbose_name_plural': 'themes',
                'ordering': ['position', 'name_nb'],
            },
        ),
        migrations.AddField(
            model_name='group',
            name='themes',
            field=models.ManyToManyField(related_name='groups', to='groups.theme', verbose_name='themes'),
        ),
        migrations.AddConstraint(
            model_name='declarationversion',
            constraint=models.UniqueConstraint(fields=('group', 'number'), name='one_declaration_number'),
        ),
        migrations.AddConstraint(
            model_name='groupinterest',
            constraint=models.UniqueConstraint(fields=('user', 'group'), name='one_interest_per_group'),
        ),
        migrations.AddConstraint(
            model_name='intake',
            constraint=models.UniqueConstraint(fields=('group', 'user'), name='one_intake_per_person'),
        ),
        migrations.AddIndex(
            model_name='membership',
            index=models.Index(fields=['group', 'state'], name='membership_by_state'),
        ),
        migrations.AddConstraint(
            model_name='membership',
            constraint=models.UniqueConstraint(fields=('group', 'user'), name='one_membership_per_person'),
        ),
        migrations.AddConstraint(
            model_name='signature',
            constraint=models.UniqueConstraint(fields=('declaration', 'user'), name='one_signature_per_version'),
        ),
        migrations.AddIndex(
            model_name='group',
            index=models.Index(fields=['listed', 'state', '-created_at'], name='group_listing'),
        ),
        migrations.AddIndex(
            model_name='group',
            index=models.Index(fields=['municipality', 'listed'], name='group_place'),
        ),
        migrations.AddIndex(
            model_name='group',
            index=models.Index(fields=['weekday'], name='group_weekday'),
        ),
        migrations.AddConstraint(
            model_name='group',
            constraint=models.CheckConstraint(condition=models.Q(('openness', 'open'), ('free_seats', 0), _connector='OR'), name='closed_group_has_no_seats'),
        ),
        migrations.AddConstraint(
            model_name='group',
            constraint=models.CheckConstraint(condition=models.Q(('free_seats__lte', 8)), name='seats_within_the_frame'),
        ),
        migrations.AddConstraint(
            model_name='group',
            constraint=models.CheckConstraint(condition=models.Q(('capacity__gte', 2), ('capacity__lte', 12)), name='capacity_within_reason'),
        ),
        migrations.RunPython(
            _run({"postgresql": POSTGRES_UP, "sqlite": SQLITE_UP}),
            _run({"postgresql": POSTGRES_DOWN, "sqlite": SQLITE_DOWN}),
        ),
        migrations.RunPython(themes_load, migrations.RunPython.noop),
    ]
