"""Read report files: bytes to text, with the encoding said, never guessed silently.

>>> decode_report("行政复议".encode("gb18030"))
('行政复议', 'gb18030')
"""

from __future__ import annotations

import sys
from pathlib import Path


def read_report_file(name: str) -> tuple[str, str]:
    """Read a report file (or stdin for '-') and return ``(text, encoding it was in)``."""
    if name == "-":
        data = sys.stdin.buffer.read()
    else:
        path = Path(name)
        if not path.exists():
            raise FileNotFoundError(f"{name}: no such file")
        if path.is_dir():
            raise IsADirectoryError(f"{name}: is a directory, not a report file")
        data = path.read_bytes()
    return decode_report(data, name)


def decode_report(data: bytes, name: str = "<input>") -> tuple[str, str]:
    """Decode bytes as UTF-8 (with or without BOM) or else GB18030 (a superset of GBK/GB2312)."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8"), "utf-8-sig"
    for encoding in ("utf-8", "gb18030"):
        try:
            return data.decode(encoding), encoding
        except UnicodeDecodeError:
            continue
    raise UnicodeError(f"{name}: cannot decode as UTF-8 or GB18030/GBK; convert it to UTF-8")
