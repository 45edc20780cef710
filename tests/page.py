"""page.py COMMAND FILE: reads a page of vigil serve with Python's own HTML
parser, for the shell tests of the DSL's pages.

  rows   every table row, cells separated by tabs, a cell's class first
         in brackets ("[s-valid] passed, ...")
  items  the text of every list item
  links  every link as HREF<tab>TEXT
  text   the page's text
  a11y   what a screen reader needs: one h1 and headings in order, a
         label for every field, a caption on every table and a scope on
         every header cell, a CSRF field in every form that posts
"""
import html.parser, re, sys

class Page(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.rows, self.row, self.cell = [], None, None
        self.items, self.item = [], None
        self.links, self.link = [], None
        self.text = []
        self.headings, self.heading = [], None
        self.fields, self.labels = [], set()
        self.tables, self.problems = [], []
        self.form = None
    def data(self, s):
        self.text.append(s)
        for t in (self.cell, self.item, self.link, self.heading):
            if t is not None:
                t[-1] += s
    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "tr":
            self.row = []
        elif tag in ("td", "th") and self.row is not None:
            self.cell = [a.get("class", ""), ""]
            if tag == "th" and a.get("scope") not in ("col", "row"):
                self.problems.append("a header cell without scope")
        elif tag == "li":
            self.item = [""]
        elif tag == "a":
            self.link = [a.get("href", ""), ""]
        elif tag == "br":
            self.data(" ")
        elif re.fullmatch(r"h[1-6]", tag):
            self.heading = [int(tag[1]), ""]
        elif tag == "label" and "for" in a:
            self.labels.add(a["for"])
        elif tag in ("input", "select", "textarea"):
            if a.get("type") == "hidden":
                if a.get("name") == "csrf" and self.form is not None:
                    self.form["csrf"] = True
            elif a.get("type") not in ("submit", "button"):
                self.fields.append(a.get("id"))
        elif tag == "table":
            self.tables.append(False)
        elif tag == "caption" and self.tables:
            self.tables[-1] = True
        elif tag == "form":
            self.form = {"post": a.get("method") == "post", "csrf": False}
    def handle_endtag(self, tag):
        if tag in ("td", "th") and self.cell is not None:
            cls, t = self.cell
            t = " ".join(t.split())
            self.row.append(("[%s] " % cls if cls else "") + t)
            self.cell = None
        elif tag == "tr" and self.row is not None:
            self.rows.append("\t".join(self.row))
            self.row = None
        elif tag == "li" and self.item is not None:
            self.items.append(" ".join(self.item[0].split()))
            self.item = None
        elif tag == "a" and self.link is not None:
            self.links.append(self.link[0] + "\t" + " ".join(self.link[1].split()))
            self.link = None
        elif re.fullmatch(r"h[1-6]", tag) and self.heading is not None:
            self.headings.append(self.heading[0])
            self.heading = None
        elif tag == "form" and self.form is not None:
            if self.form["post"] and not self.form["csrf"]:
                self.problems.append("a form that posts without a CSRF field")
            self.form = None
    handle_data = data

cmd, path = sys.argv[1], sys.argv[2]
p = Page()
p.feed(open(path, encoding="utf-8").read())
if cmd == "rows":
    print("\n".join(p.rows))
elif cmd == "items":
    print("\n".join(p.items))
elif cmd == "links":
    print("\n".join(p.links))
elif cmd == "text":
    print(" ".join("".join(p.text).split()))
elif cmd == "a11y":
    if p.headings.count(1) != 1:
        p.problems.append("%d h1 headings" % p.headings.count(1))
    for a, b in zip(p.headings, p.headings[1:]):
        if b > a + 1:
            p.problems.append("h%d after h%d" % (b, a))
    for f in p.fields:
        if not f or f not in p.labels:
            p.problems.append("a field without a label: %s" % f)
    if not all(p.tables):
        p.problems.append("a table without a caption")
    print("\n".join(p.problems))
    sys.exit(1 if p.problems else 0)
