#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""adminsyms.py [SRCDIR]: the functions the administrator's engine declares
(every function prototype in SRCDIR/engine's headers), one per line.
t_hardening.sh checks that no setuid program defines or imports any."""
import os
import re
import sys

src = sys.argv[1] if len(sys.argv) > 1 else \
    os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
text = ""
for top, _, files in os.walk(os.path.join(src, "engine")):
    for f in sorted(files):
        if f.endswith(".h"):
            with open(os.path.join(top, f)) as h:
                text += h.read() + "\n"
text = re.sub(r"/\*.*?\*/", " ", text, flags=re.S)     # comments
text = re.sub(r"^#.*?(?<!\\)$", " ", text, flags=re.M | re.S)  # macros
names = set()
for decl in re.split(r"[;{}]", text):
    decl = " ".join(decl.split())
    if decl.startswith("typedef"):
        continue
    m = re.search(r"(?:^|[\s*])([a-z_][a-z0-9_]*)\s*\((?:[^()]|\([^()]*\))*\)"
                  r"\s*(?:__attribute__\s*\(\(.*\)\))?\s*$", decl)
    if m:
        names.add(m.group(1))
print("\n".join(sorted(names)))
