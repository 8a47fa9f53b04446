"""How much of a report each theme covers: per-theme unit counts and character shares, the share
with no theme, and one summary row per report for comparing many.

A unit with several themes counts once for each of them, so theme shares can add up to more than
100%; the share with no theme and the themes' shares together cover every unit at least once.

>>> rows = [{"text": "一、行政复议", "labels": ["dispute_resolution"]}, {"text": "全市生产总值增长", "labels": []}]
>>> coverage(rows)["dispute_resolution"], no_theme(rows)
({'units': 1, 'char_share': 0.4286}, {'units': 1, 'char_share': 0.5714})
"""

from __future__ import annotations

from .taxonomy import THEME_IDS

MULTI_LABEL_NOTE = ("A unit with several themes counts once for each of them, so theme shares can add "
                    "up to more than 100%.")


def _share(length: int, total: int) -> float:
    return round(length / total, 4) if total else 0.0


def coverage(rows: list[dict]) -> dict:
    """Per theme: how many units carry it and what share of all unit characters they hold."""
    total = sum(len(row["text"]) for row in rows)
    chars = dict.fromkeys(THEME_IDS, 0)
    units = dict.fromkeys(THEME_IDS, 0)
    for row in rows:
        for theme in row["labels"]:
            units[theme] += 1
            chars[theme] += len(row["text"])
    return {theme: {"units": units[theme], "char_share": _share(chars[theme], total)} for theme in THEME_IDS}


def no_theme(rows: list[dict]) -> dict:
    """How many units carry no theme, and their share of the characters."""
    total = sum(len(row["text"]) for row in rows)
    empty = [row for row in rows if not row["labels"]]
    return {"units": len(empty), "char_share": _share(sum(len(row["text"]) for row in empty), total)}


def summary_row(report: dict) -> dict:
    """One flat row for a report produced by :func:`lawthemes.analyze_report` (with its ``file``)."""
    row = {"file": report.get("file", report.get("source", "")), "units": report["n_units"],
           "characters": report["n_chars"]}
    for theme, entry in report["coverage"].items():
        row[f"{theme}_units"] = entry["units"]
        row[f"{theme}_char_share"] = entry["char_share"]
    row["no_theme_units"] = report["no_theme"]["units"]
    row["no_theme_char_share"] = report["no_theme"]["char_share"]
    return row


def coverage_table(report: dict) -> str:
    """The coverage of one report as a plain-text table, with the no-theme row and the note."""
    lines = [f"{'theme':<22}{'units':>6}{'chars %':>9}"]
    for theme, entry in report["coverage"].items():
        lines.append(f"{theme:<22}{entry['units']:>6}{100 * entry['char_share']:>8.1f}%")
    empty = report["no_theme"]
    lines.append(f"{'(no theme)':<22}{empty['units']:>6}{100 * empty['char_share']:>8.1f}%")
    lines.append(MULTI_LABEL_NOTE)
    return "\n".join(lines)
