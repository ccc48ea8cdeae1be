"""The benchmark's own databases: create them empty, measure them, remove them.

SQLite: one file per size under bench/.work/. PostgreSQL: the database
``clinic_bench`` on the local server, dropped and created through the
``postgres`` maintenance database. Nothing else is ever touched: not the
project's db.sqlite3, not any other PostgreSQL database.
"""

import os
from pathlib import Path
from urllib.parse import urlsplit

from .procs import BenchError

PG_DATABASE = "clinic_bench"
PG_ADMIN_URL = "postgres://postgres@127.0.0.1:5432/postgres"
_LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1"}
_DROP_SQL = "DROP DATABASE IF EXISTS {} WITH (FORCE)"


class SQLiteDatabase:
    name = "sqlite"
    label = "SQLite"

    def __init__(self, work_dir):
        self.work_dir = Path(work_dir).resolve()

    def available(self):
        return True, ""

    def path(self, size):
        path = (self.work_dir / f"sqlite-{size}.sqlite3").resolve()
        if self.work_dir not in path.parents:
            raise BenchError(f"refusing to use {path}: outside {self.work_dir}")
        return path

    def url(self, size):
        return f"sqlite:///{self.path(size)}"

    def recreate(self, size):
        self.work_dir.mkdir(parents=True, exist_ok=True)
        self.remove(size)

    def remove(self, size):
        base = self.path(size)
        for suffix in ("", "-wal", "-shm", "-journal"):
            Path(f"{base}{suffix}").unlink(missing_ok=True)

    def size_bytes(self, size):
        base = self.path(size)
        return sum(
            os.path.getsize(f"{base}{suffix}")
            for suffix in ("", "-wal")
            if os.path.exists(f"{base}{suffix}")
        )

    def server_version(self):
        import sqlite3

        return f"SQLite {sqlite3.sqlite_version}"


class PostgresDatabase:
    name = "postgresql"
    label = "PostgreSQL"

    def __init__(self, admin_url=PG_ADMIN_URL, database=PG_DATABASE):
        parts = urlsplit(admin_url)
        if parts.hostname not in _LOCAL_HOSTS:
            raise BenchError(
                f"refusing PostgreSQL at {parts.hostname}: the benchmark only "
                "uses a server on this machine"
            )
        self.admin_url = admin_url
        self.database = database
        self._parts = parts

    def _connect(self, dbname=None):
        import psycopg

        parts = self._parts
        return psycopg.connect(
            host=parts.hostname,
            port=parts.port or 5432,
            user=parts.username or "postgres",
            password=parts.password or None,
            dbname=dbname or parts.path.lstrip("/") or "postgres",
            connect_timeout=5,
            autocommit=True,
        )

    def available(self):
        try:
            import psycopg
        except ImportError:
            return False, "psycopg is not installed"
        try:
            self._connect().close()
        except psycopg.Error as error:
            first = str(error).strip().splitlines()[0] if str(error).strip() else ""
            return False, (
                f"PostgreSQL does not answer at {self._parts.hostname}:"
                f"{self._parts.port or 5432} ({first})"
            )
        return True, ""

    def url(self, size):
        parts = self._parts
        auth = parts.username or "postgres"
        if parts.password:
            auth += f":{parts.password}"
        return (
            f"postgres://{auth}@{parts.hostname}:{parts.port or 5432}/{self.database}"
        )

    def recreate(self, size):
        from psycopg import sql

        with self._connect() as conn:
            name = sql.Identifier(self.database)
            conn.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(name)
            )
            conn.execute(sql.SQL("CREATE DATABASE {}").format(name))

    def remove(self, size):
        from psycopg import sql

        with self._connect() as conn:
            name = sql.Identifier(self.database)
            conn.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(name)
            )

    def size_bytes(self, size):
        with self._connect() as conn:
            row = conn.execute(
                "SELECT pg_database_size(%s)", [self.database]
            ).fetchone()
        return int(row[0])

    def server_version(self):
        try:
            with self._connect() as conn:
                return conn.execute("SHOW server_version").fetchone()[0]
        except Exception:  # a version string is optional
            return None


def make(name, work_dir, pg_admin_url=PG_ADMIN_URL):
    if name == "sqlite":
        return SQLiteDatabase(work_dir)
    if name == "postgresql":
        return PostgresDatabase(pg_admin_url)
    raise BenchError(f"unknown database {name!r} (use sqlite or postgresql)")
