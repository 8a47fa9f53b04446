"""Draw one specification per composed document from spec-table.json, at random, reproducibly.

A spec says what a document is (issuer, fictional place, year, genre, length, style, which themes
to stress, which hard cases and off-scope topics to include) so that the corpus covers the real
population of reports.  It never assigns labels: writers compose the text, and annotators who
have not seen the spec label it by reading.

    python annotations/composition/draw_specs.py --n 336 --batches 24 --seed 12 \
        --real-names /path/to/real-place-names.txt > annotations/composition/specs.csv
    python annotations/composition/draw_specs.py --table annotations/composition/spec-table-supplement.json \
        --n 30 --batches 2 --seed 13 --first 337 --first-batch 25 --no-header \
        --real-names /path/to/real-place-names.txt >> annotations/composition/specs.csv
    # and 8 more (w27, seed 14, --first 367 --first-batch 27) from the same table with the genre
    # weights news page 6, department summary 3, local government work report 3; then 6 more (w28,
    # seed 15, --first 375 --first-batch 28) with news page 4, department summary 1, as a margin

``--real-names`` (one name per line, e.g. every county and city of China) makes sure no invented
place name coincides with a real one; the list is only read, never kept in the project.
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import re
import sys
from pathlib import Path

TABLE = Path(__file__).with_name("spec-table.json")
ADMIN_SUFFIX = re.compile(r"(自治县|自治州|自治区|特别行政区|地区|县|市|区|省|盟|旗|州|镇|乡|街道)$")
COLUMNS = ("doc", "batch", "level", "issuer", "place", "year", "genre", "target_units",
           "paragraph_style", "sections", "voice", "heading_style", "focus_themes", "hard_cases", "off_scope")


def weighted(rng: random.Random, options: dict) -> str:
    keys = list(options)
    return rng.choices(keys, weights=[options[key] for key in keys])[0]


def some(rng: random.Random, options: list, bounds: list) -> list:
    return rng.sample(options, rng.randint(*bounds))


class PlaceNames:
    """Invented two-character place stems, each used once, none equal to a real place's stem."""

    def __init__(self, table: dict, real_stems: set, rng: random.Random):
        chars = table["place_characters"]
        self.table, self.rng, self.used = chars, rng, set(real_stems)
        self.first, self.second = chars["first"], chars["second"]

    def stem(self) -> str:
        while True:
            stem = self.rng.choice(self.first) + self.rng.choice(self.second)
            if stem not in self.used and stem[0] != stem[1]:
                self.used.add(stem)
                return stem

    def place(self, kind: str) -> str:
        suffix = self.table[f"{kind}_suffix"]
        return self.stem() + (suffix if isinstance(suffix, str) else weighted(self.rng, suffix))


def issuer_of(level: str, table: dict, names: PlaceNames, rng: random.Random) -> tuple[str, str]:
    """``(issuer, place)``: who issues the document and the fictional place it is about."""
    province, city = names.place("province"), names.place("prefecture")
    if level == "province":
        return f"{province}人民政府", province
    if level == "prefecture":
        return f"{city}人民政府", f"{province}{city}"
    county = names.place("county")
    if level == "county":
        return f"{county}人民政府", f"{city}{county}"
    if level == "township":
        town = names.place("township")
        return f"{county}{town}人民政府" if not town.endswith("街道") else f"{county}{town}办事处", f"{county}{town}"
    tier = weighted(rng, table["department_tier"])
    department = rng.choice(table["department"])
    seat = {"province": province, "prefecture": city, "county": county}[tier]
    return f"{seat}{department}", {"province": province, "prefecture": f"{province}{city}",
                                   "county": f"{city}{county}"}[tier]


def draw(table: dict, n: int, batches: int, seed: int, real_stems: set, first: int = 1,
         first_batch: int = 1) -> list[dict]:
    rng = random.Random(seed)
    names = PlaceNames(table, real_stems, rng)
    specs = []
    for number in range(first, first + n):
        level, genre = weighted(rng, table["level"]), weighted(rng, table["genre"])
        year = weighted(rng, table["year"])
        issuer, place = issuer_of(level, table, names, rng)
        full_report = genre in ("annual_report", "one_line_report")
        specs.append({
            "doc": f"c{number:03d}-{level[:4]}-{year}",
            "level": level, "issuer": issuer, "place": place, "year": year, "genre": genre,
            "target_units": rng.randint(*table["target_units"][genre]),
            "paragraph_style": weighted(rng, table["paragraph_style"]),
            "sections": weighted(rng, table["sections"]) if full_report else "",
            "voice": weighted(rng, table["voice"]),
            "heading_style": weighted(rng, table["heading_style"]),
            "focus_themes": ";".join(some(rng, table["focus_themes"], table["n_focus_themes"])),
            "hard_cases": " | ".join(some(rng, table["hard_cases"], table["n_hard_cases"])),
            "off_scope": " | ".join(some(rng, table["off_scope"], table["n_off_scope"])),
        })
    order = list(range(n))
    rng.shuffle(order)
    for position, index in enumerate(order):
        specs[index]["batch"] = f"w{position % batches + first_batch:02d}"
    return specs


def real_place_stems(path: str | None) -> set:
    if not path:
        return set()
    names = Path(path).read_text(encoding="utf-8").split()
    return {ADMIN_SUFFIX.sub("", name)[:2] for name in names if len(ADMIN_SUFFIX.sub("", name)) >= 2}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--n", type=int, required=True, help="number of documents")
    parser.add_argument("--batches", type=int, required=True, help="number of writer batches")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--real-names", help="file of real place names to avoid (read only)")
    parser.add_argument("--table", default=str(TABLE), help="spec table (default: spec-table.json)")
    parser.add_argument("--first", type=int, default=1, help="number of the first document")
    parser.add_argument("--first-batch", type=int, default=1, help="number of the first writer batch")
    parser.add_argument("--no-header", action="store_true", help="rows only, to append to specs.csv")
    args = parser.parse_args(argv)
    table = json.loads(Path(args.table).read_text(encoding="utf-8"))
    specs = draw(table, args.n, args.batches, args.seed, real_place_stems(args.real_names), args.first,
                 args.first_batch)
    writer = csv.DictWriter(sys.stdout, fieldnames=COLUMNS, lineterminator="\n")
    if not args.no_header:
        writer.writeheader()
    writer.writerows(specs)
    return 0


if __name__ == "__main__":
    sys.exit(main())
