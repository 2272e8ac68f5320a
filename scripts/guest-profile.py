#!/usr/bin/env python3
"""Where a guest spends the emulation thread's time, by guest function.

  guest-profile.py PROFILE.collapsed [SYMBOLS] [-n N] [--thread NAME]

PROFILE is async-profiler's collapsed output of a Jaffa run (event=itimer,threads,collapsed;
docs/jit.md, "Profiling the guest"). Translations are hidden classes named after the guest address
they start at (Block_<va>_<n>, Hot_<va>_<n>), so each sample in translated code names a guest
region; SYMBOLS, a list of "ADDRESS TYPE NAME" lines such as the guest's /proc/kallsyms or
`nm` output, turns the region into the function holding its first instruction. Prints the share of
the thread's samples per guest function (or address, without SYMBOLS), then how much of the
thread was translated code at all: the interpreter's share has no guest address.
"""
import argparse
import bisect
import collections
import re
import sys

REGION = re.compile(r"/(Block|Hot)_([0-9a-f]+)_")


def read_symbols(path):
    """Sorted (address, name) of the text symbols in an nm-style listing."""
    syms = []
    with open(path) as f:
        for line in f:
            parts = line.split()
            if len(parts) < 3 or parts[1] not in "tTwW":
                continue
            try:
                syms.append((int(parts[0], 16), parts[2]))
            except ValueError:
                continue
    syms.sort()
    return syms


def main():
    ap = argparse.ArgumentParser(description="Guest functions in an async-profiler profile of Jaffa.")
    ap.add_argument("profile")
    ap.add_argument("symbols", nargs="?")
    ap.add_argument("-n", type=int, default=30, help="rows to print (default 30)")
    ap.add_argument("--thread", default="main", help="the emulation thread's name (default main)")
    a = ap.parse_args()
    syms = read_symbols(a.symbols) if a.symbols else []
    addrs = [s[0] for s in syms]

    def name(va):
        i = bisect.bisect_right(addrs, va) - 1
        return syms[i][1] if i >= 0 and va - addrs[i] < 0x10000 else hex(va)

    total = translated = 0
    by_function = collections.Counter()
    with open(a.profile) as f:
        for line in f:
            stack, _, count = line.rstrip("\n").rpartition(" ")
            frames = stack.split(";")
            if not count.isdigit() or a.thread not in frames[0]:
                continue
            n = int(count)
            total += n
            regions = [m for m in map(REGION.search, frames) if m]
            if regions:
                translated += n
                by_function[name(int(regions[-1].group(2), 16))] += n
    if total == 0:
        sys.exit("guest-profile: no samples of a thread named '%s' (threads option of async-profiler?)" % a.thread)
    for fn, n in by_function.most_common(a.n):
        print("%5.1f%%  %s" % (100.0 * n / total, fn))
    print("translated code: %.1f%% of %d samples of thread '%s'" % (100.0 * translated / total, total, a.thread))


if __name__ == "__main__":
    try:
        main()
    except OSError as e:
        print("guest-profile: %s" % e, file=sys.stderr)
        sys.exit(2)
