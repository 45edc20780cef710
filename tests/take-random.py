#!/usr/bin/env python3
"""take-random.py - takes a module through `vigil` with random answers,
as a learner who tries everything would: each one-choice a random option,
each several-choice a random non-empty set, each order a random order,
each reflection a line of text; pages and feedback just go on.  The
transcript (everything vigil printed) goes to stdout.

    take-random.py SEED MAXLINES VIGIL-ARGS...

Stops at the result line, or after MAXLINES answers (a module whose
choices loop back is left there, which is what q would do); exits 0
unless vigil failed.
"""
import random
import re
import subprocess
import sys

OPTION = re.compile(r"^(\d+)\. ")


def main():
    rng = random.Random(int(sys.argv[1]))
    budget = int(sys.argv[2])
    p = subprocess.Popen(sys.argv[3:], stdin=subprocess.PIPE,
                         stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                         text=True, encoding="utf-8", bufsize=1)
    options = []
    out = sys.stdout
    for line in p.stdout:
        out.write(line)
        line = line.rstrip("\n")
        m = OPTION.match(line)
        if m:
            options.append(int(m.group(1)))
            continue
        if not (line.startswith("[") and line.endswith("]")):
            continue
        if budget == 0:
            answer = "q"
        elif line.startswith("[Press Enter"):
            answer = ""
        elif line.startswith("[Type your answer"):
            answer = "I would listen, and tell them who I will tell."
        elif line.startswith("[Type the number of"):
            answer = str(rng.choice(options))
        elif line.startswith("[Type the numbers of every"):
            picked = [o for o in options if rng.random() < 0.5]
            answer = ",".join(map(str, picked or options[:1]))
        elif line.startswith("[Type the numbers in the order"):
            order = options[:]
            rng.shuffle(order)
            answer = ",".join(map(str, order))
        else:
            answer = ""
        budget -= answer != ""
        options = []
        try:
            p.stdin.write(answer + "\n")
            p.stdin.flush()
        except BrokenPipeError:
            break
    p.stdin.close()
    rc = p.wait()
    # 0 passed or stopped with q, 1 not passed: anything else failed
    return 0 if rc in (0, 1) else rc


if __name__ == "__main__":
    sys.exit(main())
