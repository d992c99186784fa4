"""The worker's side of privacy: building exports, and the nightly purges."""

from django.tasks import task

from jobs.services import applications_anonymise_expired


@task(queue_name="default")
def build_data_export(*, export_id: int) -> bool:
    from privacy import services  # services enqueue this task: imported when it runs

    export = services.DataExport.objects.filter(pk=export_id).first()
    if export is None:  # the account was deleted meanwhile
        return False
    services.data_export_build(export=export)
    return True


@task(queue_name="default")
def purge_expired_data_exports() -> int:
    from privacy import services

    return services.data_exports_purge()


@task(queue_name="default")
def anonymise_expired_applications() -> int:
    """Retention: each company's rejected and withdrawn applications, past its period."""
    return applications_anonymise_expired()
