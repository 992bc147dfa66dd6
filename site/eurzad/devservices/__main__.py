"""Command line of the dev/test service launchers (the Makefile relies on exactly this).

    python -m eurzad.devservices start SERVICE... [--nodes N] [--record FILE]
    python -m eurzad.devservices stop SERVICE...  |  stop --from FILE
    python -m eurzad.devservices status [SERVICE...]
    python -m eurzad.devservices env

SERVICE is ``postgres``, ``opensearch`` or ``simplesamlphp`` (the dev SAML IdP). ``start`` does
nothing for a service that already runs; with ``--record FILE`` it appends the services it did
start, one a line, so that ``stop --from FILE`` stops only those (and deletes FILE). ``env`` prints
DATABASE_URL, SEARCH_URL and EURZAD_IDP_URL (SimpleSAMLphp's base URL). Errors: one sentence on
stderr, exit 1.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from eurzad.devservices import opensearch, postgres, simplesamlphp
from eurzad.devservices.process import ServiceError, ServiceStatus

SERVICES = ("postgres", "opensearch", "simplesamlphp")
_one_of = f"one of {', '.join(SERVICES)}"


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m eurzad.devservices",
        description="Start, stop and inspect the portal's dev/test services (loopback only).",
    )
    commands = parser.add_subparsers(dest="command", required=True)

    start = commands.add_parser("start", help="start services that are not running yet")
    start.add_argument("services", nargs="+", choices=SERVICES, metavar="SERVICE")
    start.add_argument(
        "--nodes", type=int, default=1, help="OpenSearch nodes (1 for tests, 3 to test node loss)"
    )
    start.add_argument(
        "--record", type=Path, metavar="FILE", help="append the services this call started"
    )

    stop = commands.add_parser("stop", help="stop services")
    # No `choices` with nargs="*": Python 3.11's argparse rejects an empty list against them.
    stop.add_argument("services", nargs="*", metavar="SERVICE", help=_one_of)
    stop.add_argument(
        "--from",
        dest="record",
        type=Path,
        metavar="FILE",
        help="stop the services listed in FILE (by start --record), then delete FILE",
    )

    status = commands.add_parser("status", help="show which services run")
    status.add_argument("services", nargs="*", metavar="SERVICE", help=_one_of)

    commands.add_parser(
        "env", help="print DATABASE_URL, SEARCH_URL and EURZAD_IDP_URL as shell exports"
    )
    return parser


def _ordered(names: Sequence[str]) -> list[str]:
    """Each service once, in start order (the database first)."""
    return [name for name in SERVICES if name in names]


def _start(services: Sequence[str], *, nodes: int, record: Path | None) -> None:
    for name in _ordered(services):
        if name == "postgres":
            started = postgres.start(postgres.PostgresConfig.from_environment())
        elif name == "simplesamlphp":
            started = simplesamlphp.start(simplesamlphp.SimpleSAMLphpConfig.from_environment())
        else:
            started = opensearch.start(opensearch.OpenSearchConfig.from_environment(nodes=nodes))
        if started and record is not None:
            # Written at once, so a later failure still leaves a record of what to stop.
            record.parent.mkdir(parents=True, exist_ok=True)
            with record.open("a") as handle:
                handle.write(f"{name}\n")


def _stop(services: Sequence[str]) -> None:
    for name in reversed(_ordered(services)):
        if name == "postgres":
            postgres.stop(postgres.PostgresConfig.from_environment())
        elif name == "simplesamlphp":
            simplesamlphp.stop(simplesamlphp.SimpleSAMLphpConfig.from_environment())
        else:
            opensearch.stop(opensearch.OpenSearchConfig.from_environment())


def _stop_recorded(record: Path) -> None:
    try:
        names = record.read_text().split()
    except FileNotFoundError:
        print(f"nothing to stop: {record} does not exist (no service was started with it)")
        return
    unknown = sorted(set(names) - set(SERVICES))
    if unknown:
        raise ServiceError(f"{record} names unknown services: {', '.join(unknown)}.")
    if not names:
        print(f"nothing to stop: {record} is empty (every service was already running)")
    _stop(names)
    record.unlink()


def _status(services: Sequence[str]) -> list[ServiceStatus]:
    found = []
    for name in _ordered(services or SERVICES):
        if name == "postgres":
            found.append(postgres.status(postgres.PostgresConfig.from_environment()))
        elif name == "simplesamlphp":
            found.append(simplesamlphp.status(simplesamlphp.SimpleSAMLphpConfig.from_environment()))
        else:
            found.append(opensearch.status(opensearch.OpenSearchConfig.from_environment()))
    return found


def _env() -> None:
    pg = postgres.PostgresConfig.from_environment()
    search = opensearch.OpenSearchConfig.from_environment()
    print(f"export DATABASE_URL={pg.url}")
    print(f"export SEARCH_URL={search.url}")
    print(f"export EURZAD_IDP_URL={simplesamlphp.SimpleSAMLphpConfig.from_environment().url}")


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; the exit code is 0, or 1 after printing what went wrong."""
    parser = _parser()
    args = parser.parse_args(argv)
    unknown = [name for name in args.services if name not in SERVICES] if "services" in args else []
    if unknown:
        parser.error(f"unknown service {unknown[0]!r} (choose from {', '.join(SERVICES)})")
    try:
        if args.command == "start":
            _start(args.services, nodes=args.nodes, record=args.record)
        elif args.command == "stop":
            if args.record is not None and args.services:
                raise ServiceError("Give either services or --from FILE to stop, not both.")
            if args.record is None and not args.services:
                raise ServiceError("Name the services to stop, or give --from FILE.")
            if args.record is not None:
                _stop_recorded(args.record)
            else:
                _stop(args.services)
        elif args.command == "status":
            for found in _status(args.services):
                print(found.describe())
        else:
            _env()
    except ServiceError as error:
        print(f"error: {error}", file=sys.stderr)
        if error.details:
            print(error.details, file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
