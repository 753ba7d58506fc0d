"""ReportDownload moves to the `portal` app: its table is renamed, its rows stay."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('plans', '0004_report_download'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[migrations.AlterModelTable('ReportDownload', 'portal_reportdownload')],
            state_operations=[migrations.DeleteModel('ReportDownload')],
        ),
    ]
