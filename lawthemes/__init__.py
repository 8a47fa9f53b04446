"""lawthemes: tag the paragraphs of Chinese rule-of-law government reports by theme.

>>> from lawthemes import classify
>>> classify("深入推进行政复议体制改革,发挥行政复议化解行政争议主渠道作用").labels
['dispute_resolution']
"""

from .api import analyze_report, classify, classify_many, load_model
from .errors import AnnotationError, LawthemesError, ModelLoadError, ReadError
from .predictor import Result, ThemeModel
from .readers import Report, read_report
from .segmentation import Unit, segment
from .taxonomy import THEMES, Theme

try:
    from importlib.metadata import PackageNotFoundError, version as _version

    __version__ = _version("lawthemes")
except PackageNotFoundError:  # running from a source checkout that is not installed
    __version__ = "0.1.0"

__all__ = [
    "THEMES", "Theme", "classify", "classify_many", "segment", "analyze_report", "load_model",
    "read_report", "Report", "Result", "Unit", "ThemeModel", "ThemeClassifier", "LawthemesError",
    "ModelLoadError", "ReadError", "AnnotationError", "__version__",
]


def __getattr__(name):
    # The estimator needs scikit-learn, which prediction does not: import it only when asked for.
    if name == "ThemeClassifier":
        from .model import ThemeClassifier

        return ThemeClassifier
    raise AttributeError(f"module 'lawthemes' has no attribute {name!r}")
