"""One full name and an optional preferred name instead of first and last names."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0006_i18n_portuguese_arabic"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [
        migrations.AddField(
            model_name="user",
            name="full_name",
            field=models.CharField(
                blank=True,
                help_text="Your name as you write it, e.g. on a CV. Employers see it on your applications.",
                max_length=150,
                verbose_name="full name",
            ),
        ),
        migrations.AddField(
            model_name="user",
            name="preferred_name",
            field=models.CharField(
                blank=True,
                help_text="Optional: what we call you in emails, if not your full name.",
                max_length=80,
                verbose_name="preferred name",
            ),
        ),
        # The names given so far, joined as most of them were written; reversed, the whole name
        # goes into first_name (no split is right for every name).
        migrations.RunSQL(
            "UPDATE accounts_user SET full_name = btrim(first_name || ' ' || last_name)"
            " WHERE first_name <> '' OR last_name <> ''",
            reverse_sql="UPDATE accounts_user SET first_name = left(full_name, 150)",
        ),
        migrations.RemoveField(
            model_name="user",
            name="first_name",
        ),
        migrations.RemoveField(
            model_name="user",
            name="last_name",
        ),
        migrations.AddConstraint(
            model_name="user",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("preferred_name", ""), models.Q(("full_name", ""), _negated=True), _connector="OR"
                ),
                name="accounts_user_preferred_name_needs_full_name_check",
                violation_error_message="Give your full name too: the preferred name only replaces it in greetings.",
            ),
        ),
    ]
