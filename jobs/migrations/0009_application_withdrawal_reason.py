"""Why a candidate withdrew (issue 17): an optional reason, counted for the employer.

The column has a constant default, so adding it rewrites no row (PostgreSQL 11+); the check
reads every application once while it is validated (about a second at 1M applications).
"""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('candidates', '0002_initial'),
        ('jobs', '0008_search_suggestions'),
    ]

    operations = [
        migrations.AddField(
            model_name='application',
            name='withdrawal_reason',
            field=models.CharField(blank=True, choices=[('other_offer', 'I accepted another offer'), ('salary', 'The salary does not suit me'), ('location', 'The place or the commute does not suit me'), ('process', 'The process takes too long'), ('job', 'The job is not what I expected'), ('personal', 'Personal reasons'), ('other', 'Another reason')], default='', max_length=16, verbose_name='withdrawal reason'),
        ),
        migrations.AddConstraint(
            model_name='application',
            constraint=models.CheckConstraint(condition=models.Q(('withdrawal_reason', ''), models.Q(('status', 'withdrawn'), ('withdrawal_reason__in', ['other_offer', 'salary', 'location', 'process', 'job', 'personal', 'other'])), _connector='OR'), name='jobs_application_withdrawal_reason_check'),
        ),
    ]
