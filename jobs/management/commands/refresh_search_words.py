from django.core.management.base import BaseCommand

from jobs.search import refresh_search_words


class Command(BaseCommand):
    help = "Refresh the title words used to correct typos in searches (run every few minutes)."

    def handle(self, *args, **options):
        count = refresh_search_words()
        self.stdout.write(f"{count:,} title words")
