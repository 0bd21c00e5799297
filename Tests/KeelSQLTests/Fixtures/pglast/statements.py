"""Splits SQL dumps into statements with pglast (the PostgreSQL parser) and says which ones
PostgreSQL accepts, for Keel's cross-check test (Tests/KeelSQLTests/Corpus/PglastCrossCheckTests.swift).

Usage: python statements.py OUT.json DUMP.sql [DUMP.sql ...]

psql meta-commands (lines starting with a backslash) and the data lines of COPY ... FROM stdin
are removed first, as psql would consume them. The output maps each dump to a list of
{"text": statement, "accepted": bool}.
"""
import json
import re
import sys

import pglast
from pglast import parser

COPY_FROM_STDIN = re.compile(r"^\s*COPY\b.*\bFROM\s+stdin\s*;\s*$", re.IGNORECASE)


def strip_psql(text):
    lines = []
    in_copy = False
    for line in text.split("\n"):
        if in_copy:
            if line.startswith("\\."):
                in_copy = False
            lines.append("")
            continue
        if line.startswith("\\"):
            lines.append("")
            continue
        lines.append(line)
        if COPY_FROM_STDIN.match(line):
            in_copy = True
    return "\n".join(lines)


def main():
    out, paths = sys.argv[1], sys.argv[2:]
    result = {}
    for path in paths:
        with open(path, encoding="utf-8") as handle:
            sql = strip_psql(handle.read())
        statements = []
        for text in pglast.split(sql, with_parser=False):
            text = text.strip()
            if not text:
                continue
            try:
                parser.parse_sql(text)
                accepted = True
            except Exception:  # noqa: BLE001 - any parser error means "PostgreSQL rejects it"
                accepted = False
            statements.append({"text": text, "accepted": accepted})
        result[path] = statements
    with open(out, "w", encoding="utf-8") as handle:
        json.dump({"pglast": pglast.__version__, "files": result}, handle)


if __name__ == "__main__":
    main()
