"""Exceptions that lawthemes raises for problems in a user's files."""


class LawthemesError(Exception):
    """Base class of the errors below."""


class ModelLoadError(LawthemesError):
    """A model file is corrupt, truncated or incompatible with this version of lawthemes."""


class ReadError(LawthemesError, ValueError):
    """A report file cannot be read: undecodable, of an unknown encoding or format, or needs an
    optional dependency; the message says what to do."""


class AnnotationError(LawthemesError, ValueError):
    """Annotation files are malformed; the message names the file and line of each problem."""

    def __init__(self, problems):
        if isinstance(problems, str):
            problems = [problems]
        self.problems = list(problems)
        shown = self.problems[:20]
        more = len(self.problems) - len(shown)
        text = "\n".join(shown) + (f"\n... and {more} more" if more > 0 else "")
        super().__init__(text)
