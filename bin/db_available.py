"""Exit 0 when the PostgreSQL server named by the URL answers, 1 otherwise."""

import sys

import dj_database_url
import psycopg


def main(url):
    config = dj_database_url.parse(url)
    try:
        psycopg.connect(
            host=config["HOST"],
            port=config["PORT"] or 5432,
            user=config["USER"],
            password=config["PASSWORD"] or None,
            dbname=config["NAME"],
            connect_timeout=3,
        ).close()
    except psycopg.Error:
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
