import signal
import time

from django.core.management.base import BaseCommand

from scheduling.services import periodic_tasks_enqueue_due


class Command(BaseCommand):
    help = (
        "Enqueue the periodic tasks of settings.PERIODIC_TASKS when due, for the task worker to run. "
        "Runs until stopped; any number may run at once (each run is enqueued once)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--interval", type=float, default=30.0, help="Seconds between two checks.")
        parser.add_argument("--once", action="store_true", help="Check once and exit.")

    def handle(self, *args, interval, once, **options):
        self.stopping = False
        signal.signal(signal.SIGTERM, self.stop)
        signal.signal(signal.SIGINT, self.stop)
        while not self.stopping:
            for name in periodic_tasks_enqueue_due():
                self.stdout.write(f"Enqueued {name}.")
            if once:
                break
            slept = 0.0
            while slept < interval and not self.stopping:  # wakes up soon after a stop signal
                time.sleep(min(1.0, interval - slept))
                slept += 1.0

    def stop(self, signum, frame):
        self.stopping = True
