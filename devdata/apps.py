from django.apps import AppConfig


class DevdataConfig(AppConfig):
    """Tooling, no models: demo and benchmark data (``seed``, ``demo_logins``) and the commands
    that measure the site (``benchmark_*``, ``fault_test``). No other app imports it."""

    name = "devdata"
    verbose_name = "Development data and benchmarks"
