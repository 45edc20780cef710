#!/usr/bin/env python3
"""gen-pack.py DIR [MODULES [STEPS]]: writes a large made-up pack for the
benchmarks into DIR (default 50 modules of 100 steps: 5,000 steps), and
DIR.texts.md beside it with every Markdown text of the pack, for the
reference renderer (outside the pack, which would otherwise have to hash
it too).  The content is generated, in the shape of a real module:
pages, scenes, single and multiple choice questions, a finish."""
import os
import sys

PARA = ("A pupil in Year {y} stays behind after the lesson and says that "
        "someone online has **threatened to share a photo** unless they "
        "send money. They ask you to *promise* not to tell anyone.")


def text(m, s):
    return ("## Step {s} of module {m}\n\n{p}\n\n"
            "- Listen, and do not ask leading questions\n"
            "- Do not promise to keep it a secret\n"
            "- Tell the DSL the same day\n").format(
                m=m, s=s, p=PARA.format(y=7 + (m + s) % 5))


def main():
    out = sys.argv[1]
    nmod = int(sys.argv[2]) if len(sys.argv) > 2 else 50
    nsteps = int(sys.argv[3]) if len(sys.argv) > 3 else 100
    os.makedirs(out, exist_ok=True)
    ids = ["m%02d" % m for m in range(nmod)]
    texts = []
    with open(os.path.join(out, "pack.lua"), "w") as f:
        f.write('pack {\n  id = "bench",\n  title = "Benchmark pack",\n'
                '  version = "1.0.0",\n  language = "en-GB",\n'
                '  summary = [[A generated pack for the benchmarks.]],\n'
                '  audience = "All staff",\n  renew_after_days = 365,\n'
                '  modules = { %s },\n}\n'
                % ", ".join('"%s"' % i for i in ids))
    for m, mid in enumerate(ids):
        lines = ['module {\n  title = "Generated module %d",\n'
                 '  minutes = 20,\n  pass_mark = 50,\n}\n' % m]
        for s in range(nsteps - 1):
            t = text(m, s)
            texts.append(t)
            kind = s % 4
            if kind == 0:
                lines.append("page [[\n%s]]\n" % t)
            elif kind == 1:
                lines.append(
                    'scene "s%d" {\n  [[\n%s]],\n'
                    '  choice { "Listen and reassure", score = 1,\n'
                    '           feedback = [[That keeps their trust.]] },\n'
                    '  choice { "Promise to keep it secret",\n'
                    '           feedback = [[You cannot keep it.]] },\n'
                    '}\n' % (s, t))
            elif kind == 2:
                lines.append(
                    'question "q%d" {\n  type = "single",\n  [[\n%s]],\n'
                    '  right "Tell the DSL the same day",\n'
                    '  wrong "Ask the pupil\'s friends",\n'
                    '  wrong "Wait and see",\n'
                    '  feedback = [[The DSL decides what happens next.]],\n'
                    '  score = 1,\n}\n' % (s, t))
            else:
                lines.append(
                    'question "q%d" {\n  type = "multiple",\n  [[\n%s]],\n'
                    '  right "What the pupil said, in their words",\n'
                    '  right "The date and time",\n'
                    '  wrong "Your guess about who is to blame",\n'
                    '  score = 1,\n}\n' % (s, t))
        fin = "Thank you for completing module %d." % m
        texts.append(fin + "\n")
        lines.append("finish [[%s]]\n" % fin)
        with open(os.path.join(out, mid + ".lua"), "w") as f:
            f.write("\n".join(lines))
    with open(out.rstrip("/") + ".texts.md", "w") as f:
        f.write("\n".join(texts))


if __name__ == "__main__":
    main()
