"""The model ``Employer`` is renamed ``Membership`` (what it is: a user's membership of a
company). Nothing changes in the database: the table keeps its seeds' name, jobs_employer,
and its constraints and indexes their names. Only Django's state is renamed, with the
content type and permissions that refer to the model by name."""

from django.db import migrations

RENAMES = [("employer", "membership")]


def rename_content_type(apps, schema_editor, renames=RENAMES):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    for old, new in renames:
        updated = ContentType.objects.filter(app_label="jobs", model=old).update(model=new)
        if updated:
            for action in ("add", "change", "delete", "view"):
                Permission.objects.filter(content_type__app_label="jobs", codename=f"{action}_{old}").update(
                    codename=f"{action}_{new}"
                )


def rename_content_type_back(apps, schema_editor):
    rename_content_type(apps, schema_editor, renames=[(new, old) for old, new in RENAMES])


class Migration(migrations.Migration):
    dependencies = [
        ("jobs", "0005_search_title_words"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.RenameModel("Employer", "Membership"),
                migrations.AlterModelTable("Membership", "jobs_employer"),
            ],
            database_operations=[],
        ),
        migrations.RunPython(rename_content_type, rename_content_type_back, elidable=True),
    ]
