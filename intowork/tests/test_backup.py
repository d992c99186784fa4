"""scripts/backup and scripts/restore: a restored database equals the original, row for row."""

import os
import subprocess
from pathlib import Path

import pytest
from django.db import connection

from jobs.tests.factories import ApplicationFactory, ApplicationStatusChangeFactory

BASE_DIR = Path(__file__).resolve().parents[2]
# Row counts and an order-independent checksum of each key table's full contents.
FINGERPRINT_SQL = """
SELECT count(*), coalesce(sum(hashtext(t::text)::bigint), 0) FROM {table} t
"""
KEY_TABLES = ["accounts_user", "jobs_company", "jobs_job", "jobs_application", "jobs_applicationstatuschange"]

pytestmark = pytest.mark.django_db(transaction=True)


def database_url(name: str) -> str:
    settings = connection.settings_dict
    login = settings["USER"] + (f":{settings['PASSWORD']}" if settings["PASSWORD"] else "")
    return f"postgres://{login}@{settings['HOST'] or '127.0.0.1'}:{settings['PORT'] or 5432}/{name}"


def fingerprint(url: str) -> dict:
    result = {}
    for table in KEY_TABLES:
        sql = FINGERPRINT_SQL.format(table=table)
        output = subprocess.run(["psql", url, "-Atc", sql], capture_output=True, text=True, check=True).stdout
        result[table] = output.strip()
    return result


def script(name: str, *args: str, url: str) -> subprocess.CompletedProcess:
    env = os.environ | {"DATABASE_URL": url, "BACKUP_KEEP": "2"}
    return subprocess.run([BASE_DIR / "scripts" / name, *args], env=env, capture_output=True, text=True, check=False)


@pytest.fixture
def restored_database():
    name = f"{connection.settings_dict['NAME']}_restored"
    admin = database_url("postgres")
    subprocess.run(["psql", admin, "-qc", f'DROP DATABASE IF EXISTS "{name}"'], check=True)
    subprocess.run(["psql", admin, "-qc", f'CREATE DATABASE "{name}"'], check=True)
    yield database_url(name)
    subprocess.run(["psql", admin, "-qc", f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'], check=True)


def test_backup_then_restore_gives_identical_tables(tmp_path, restored_database):
    for _ in range(3):
        ApplicationStatusChangeFactory(application=ApplicationFactory())
    source = database_url(connection.settings_dict["NAME"])

    backup = script("backup", str(tmp_path), url=source)
    assert backup.returncode == 0, backup.stderr
    (dump,) = tmp_path.glob("intowork-*.dump")

    restore = script("restore", str(dump), url=restored_database)
    assert restore.returncode == 0, restore.stderr
    original = fingerprint(source)
    assert original["jobs_application"].startswith("3|")
    assert fingerprint(restored_database) == original

    # Restoring over a database that has tables is refused.
    again = script("restore", str(dump), url=restored_database)
    assert again.returncode == 1
    assert "restore into a new, empty database" in again.stderr


def test_backup_keeps_only_the_newest(tmp_path):
    source = database_url(connection.settings_dict["NAME"])
    for stamp in ["20260101T000000Z", "20260102T000000Z", "20260103T000000Z"]:
        (tmp_path / f"intowork-{stamp}.dump").write_bytes(b"old")
        os.utime(tmp_path / f"intowork-{stamp}.dump", (int(stamp[6:8]) * 1000, int(stamp[6:8]) * 1000))
    assert script("backup", str(tmp_path), url=source).returncode == 0
    remaining = sorted(p.name for p in tmp_path.glob("intowork-*.dump"))
    assert len(remaining) == 2  # BACKUP_KEEP=2: the new dump and the newest old one
    assert "intowork-20260103T000000Z.dump" in remaining
