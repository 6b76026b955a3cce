#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
# funclen.py MAX FILE...: list functions longer than MAX lines (from the
# opening to the closing brace, both at column 0, as STYLE.md writes C).
# A function may be longer if the comment just above it says why, in a
# line containing "Long:". Exit status 1 if any function is listed.
import re
import sys

limit = int(sys.argv[1])
bad = 0
for path in sys.argv[2:]:
    lines = open(path, encoding="utf-8").read().split("\n")
    start = None
    for i, line in enumerate(lines):
        if line == "{" and i > 0:
            start = i
        elif line.startswith("}") and start is not None:
            n = i - start - 1
            # the signature: the lines above the brace back to a blank
            # line or a comment's end
            j = start - 1
            while j > 0 and lines[j - 1].strip() and not lines[j - 1].rstrip().endswith("*/"):
                j -= 1
            name = re.search(r"(\w+)\s*\(", " ".join(lines[j:start]))
            k = j - 1
            why = False
            while k >= 0 and (lines[k].startswith(" *") or lines[k].startswith("/*")):
                why |= "Long:" in lines[k]
                k -= 1
            if n > limit and not why:
                print(f"{path}:{j + 1}: {name.group(1) if name else '?'}() is {n} lines (over {limit})")
                bad = 1
            start = None
sys.exit(bad)
