"""ReportDownload, moved here from `plans` with its rows: the state is created, the table already exists."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def content_type_to_portal(apps, schema_editor):
    """Keep the permissions (and any admin log) of the moved model by relabelling its content type."""
    ContentType = apps.get_model('contenttypes', 'ContentType')
    if not ContentType.objects.filter(app_label='portal', model='reportdownload').exists():
        ContentType.objects.filter(app_label='plans', model='reportdownload').update(app_label='portal')


def content_type_to_plans(apps, schema_editor):
    ContentType = apps.get_model('contenttypes', 'ContentType')
    ContentType.objects.filter(app_label='portal', model='reportdownload').update(app_label='plans')


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('contenttypes', '0002_remove_content_type_name'),
        ('plans', '0005_report_download_moves_to_portal'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.CreateModel(
                    name='ReportDownload',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('report', models.CharField(max_length=30, verbose_name='보고서')),
                        ('filters', models.JSONField(blank=True, default=dict, verbose_name='조건')),
                        ('channel', models.CharField(choices=[('page', '내려받기 화면'), ('admin', '관리 화면'), ('command', '예약 내보내기')], max_length=10, verbose_name='경로')),
                        ('rows', models.PositiveIntegerField(default=0, verbose_name='행 수')),
                        ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='일시')),
                        ('user', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='report_downloads', to=settings.AUTH_USER_MODEL, verbose_name='내려받은 사람')),
                    ],
                    options={
                        'verbose_name': '보고서 내려받기 기록',
                        'verbose_name_plural': '보고서 내려받기 기록',
                        'ordering': ['-created_at'],
                        'permissions': [('download_report', '관리용 엑셀 보고서 내려받기')],
                    },
                ),
            ],
        ),
        migrations.RunPython(content_type_to_portal, content_type_to_plans),
    ]
