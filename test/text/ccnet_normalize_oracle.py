"""CCNet's text normalization, restated in Python from its documented steps, as the oracle that
test/text/normalize.test.ts compares src/text/normalize.ts with.

Reads a JSON object from stdin: {"texts": [str, ...], "categories": [[first, last], ...]}.
Writes a JSON object: {"unicode": the unicodedata version, "normalized": [str, ...], "unassigned": [code
point, ...]} -- the texts normalized, and the code points of the given ranges that this Python's Unicode
data leaves unassigned (category Cn), which the test keeps out of its random text.
"""
import json
import re
import sys
import unicodedata

# The punctuation CCNet maps to ASCII, by code point.
ASCII_OF = {
    0xFF0C: ",", 0x3002: ".", 0x3001: ",", 0x201E: '"', 0x201D: '"', 0x201C: '"', 0x00AB: '"',
    0x00BB: '"', 0xFF11: '"', 0x300D: '"', 0x300C: '"', 0x300A: '"', 0x300B: '"', 0x00B4: "'",
    0x2236: ":", 0xFF1A: ":", 0xFF1F: "?", 0xFF01: "!", 0xFF08: "(", 0xFF09: ")", 0xFF1B: ";",
    0x2013: "-", 0x2014: " - ", 0xFF0E: ". ", 0xFF5E: "~", 0x2019: "'", 0x2026: "...", 0x2501: "-",
    0x3008: "<", 0x3009: ">", 0x3010: "[", 0x3011: "]", 0xFF05: "%", 0x25BA: "-",
}

DIGIT = re.compile(r"\d")  # on str patterns: every Unicode decimal digit (category Nd)
CONTROL = re.compile("[\x00-\x1f\x7f-\x9f]")


def normalize(line: str) -> str:
    line = line.strip().lower()
    decomposed = unicodedata.normalize("NFD", line)
    line = "".join(c for c in decomposed if unicodedata.category(c) != "Mn")
    line = DIGIT.sub("0", line)
    line = "".join(ASCII_OF.get(ord(c), c) for c in line)
    return CONTROL.sub("", line)


def unassigned(ranges):
    return [c for first, last in ranges for c in range(first, last + 1) if unicodedata.category(chr(c)) == "Cn"]


def main() -> None:
    request = json.load(sys.stdin)
    json.dump(
        {
            "unicode": unicodedata.unidata_version,
            "normalized": [normalize(t) for t in request.get("texts", [])],
            "unassigned": unassigned(request.get("categories", [])),
        },
        sys.stdout,
    )


main()
