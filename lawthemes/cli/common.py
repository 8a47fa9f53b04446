"""What every command shares: exit codes, one-line errors, the parser class, option types."""

from __future__ import annotations

import argparse
import sys

EXIT_OK, EXIT_ERROR, EXIT_USAGE, EXIT_INTERRUPTED = 0, 1, 2, 130


class UsageError(Exception):
    """A command line that cannot be carried out as written."""


class Parser(argparse.ArgumentParser):
    def error(self, message):  # one line and exit code 2 instead of argparse's usage dump
        raise UsageError(f"{message} (see '{self.prog} --help')")


def fail(message: str, code: int) -> int:
    """Print ``lawthemes: error: message`` on stderr and return ``code``."""
    print(f"lawthemes: error: {message}", file=sys.stderr)
    return code


def warn(message: str) -> None:
    """Print ``lawthemes: message`` on stderr (progress, notes, warnings)."""
    print(f"lawthemes: {message}", file=sys.stderr, flush=True)


def command(commands, name: str, help_text: str, example: str, run) -> argparse.ArgumentParser:
    """Add a sub-command whose ``--help`` ends with an example."""
    parser = commands.add_parser(name, help=help_text, description=help_text,
                                 epilog=f"example:\n  {example}",
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.set_defaults(run=run)
    return parser


def at_least_two(value: str) -> int:
    number = int(value)
    if number < 2:
        raise argparse.ArgumentTypeError("must be at least 2")
    return number


def positive_float(value: str) -> float:
    number = float(value)
    if not number > 0:
        raise argparse.ArgumentTypeError("must be greater than 0")
    return number
