"""The ``lawthemes`` command line: classify reports, train and evaluate models, check annotations.

Exit codes: 0 success, 1 a problem with a file or the data (in a batch: at least one file failed;
the others' results are kept), 2 a usage error, 130 interrupted (Ctrl-C).  Problems are told in
one line on stderr, without a traceback.  Each command group lives in its own module:
:mod:`.classify`, :mod:`.models` (train, evaluate, themes), :mod:`.annotations`.
"""

import argparse
import sys

from ..errors import AnnotationError, LawthemesError
from . import annotations as annotations_commands
from . import classify as classify_commands
from . import models as model_commands
from .common import EXIT_ERROR, EXIT_INTERRUPTED, EXIT_OK, EXIT_USAGE, Parser, UsageError, fail


def main(argv=None) -> int:
    """Run the command line; returns the exit code."""
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
        if not hasattr(args, "run"):
            args.help_parser.print_help(sys.stderr)
            return EXIT_USAGE
        return args.run(args) or EXIT_OK
    except UsageError as error:
        return fail(str(error), EXIT_USAGE)
    except KeyboardInterrupt:
        print("lawthemes: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        return EXIT_OK
    except AnnotationError as error:  # every problem, one line each, file:line first
        for problem in error.problems:
            fail(problem, EXIT_ERROR)
        return EXIT_ERROR
    except (LawthemesError, OSError, ValueError) as error:  # ValueError covers UnicodeError
        return fail(str(error).splitlines()[0] if str(error) else type(error).__name__, EXIT_ERROR)


def build_parser() -> argparse.ArgumentParser:
    parser = Parser(prog="lawthemes", description=__doc__.split("\n")[0],
                    formatter_class=argparse.RawDescriptionHelpFormatter, epilog=(
                        "examples:\n  lawthemes classify report.txt --summary\n"
                        "  lawthemes summarize reports/ --format csv -o summary.csv\n"
                        "  lawthemes train annotations/ --out models/default\n"
                        "  lawthemes evaluate annotations/\n  lawthemes annotations check annotations/"))
    parser.set_defaults(help_parser=parser)
    commands = parser.add_subparsers(title="commands", metavar="COMMAND", parser_class=Parser)
    classify_commands.add(commands)
    model_commands.add(commands)
    annotations_commands.add(commands)
    return parser


if __name__ == "__main__":
    sys.exit(main())
