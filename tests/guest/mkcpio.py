#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""mkcpio.py OUT DIR [DEST=SRC ...] - write an initramfs (cpio "newc") of
DIR's tree, plus single files DEST=SRC. The kernel unpacks concatenated
archives in order, so a test appends a small one holding /probe.sh."""
import os, stat, sys

def header(f, ino, mode, nlink, size, name, mtime=0):
    nb = name.encode() + b"\0"
    fields = [ino, mode, 0, 0, nlink, mtime, size, 0, 0, 0, 0, len(nb), 0]
    f.write(b"070701" + b"".join(b"%08x" % v for v in fields) + nb)
    f.write(b"\0" * ((4 - (110 + len(nb)) % 4) % 4))

def data(f, blob):
    f.write(blob)
    f.write(b"\0" * ((4 - len(blob) % 4) % 4))

def main():
    out, root, extra = sys.argv[1], sys.argv[2], sys.argv[3:]
    entries = []
    if root != "-":
        for d, dirs, files in os.walk(root):
            dirs.sort()
            for n in sorted(dirs) + sorted(files):
                p = os.path.join(d, n)
                entries.append((os.path.relpath(p, root), p))
    for spec in extra:
        dest, src = spec.split("=", 1)
        entries.append((dest.lstrip("/"), src))
    with open(out, "wb") as f:
        for ino, (name, path) in enumerate(entries, 1):
            st = os.lstat(path)
            if stat.S_ISLNK(st.st_mode):
                blob = os.readlink(path).encode()
                header(f, ino, stat.S_IFLNK | 0o777, 1, len(blob), name)
                data(f, blob)
            elif stat.S_ISDIR(st.st_mode):
                header(f, ino, stat.S_IFDIR | 0o755, 2, 0, name)
            else:
                with open(path, "rb") as src:
                    blob = src.read()
                header(f, ino, stat.S_IFREG | (st.st_mode & 0o777), 1, len(blob), name)
                data(f, blob)
        header(f, 0, 0, 1, 0, "TRAILER!!!")

main()
