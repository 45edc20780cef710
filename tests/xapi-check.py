#!/usr/bin/env python3
"""xapi-check.py - checks xAPI statements against the rules of xAPI 1.0.3.

Usage: xapi-check.py FILE   (a JSON array of statements, or one statement;
                             "-" reads standard input)

Prints one line per problem, "statements[I].PATH: message (section)", and
exits 1 if there is any; prints "ok: N statements" and exits 0 otherwise.

Written from the specification (adlnet/xAPI-Spec, 1.0.3), independently of
Vigil's exporter, with the Python standard library only.  Section numbers
are those of "Part Two: Experience API (xAPI) Data" unless marked "Comm"
(Part Three, "Data Processing, Validation, and Security").  Rules that the
specification words as SHOULD are checked too and marked so: an export is
held to them, even where an LRS would let them pass.
"""

import datetime
import json
import re
import sys

# 4.4 and 2.4.1: UUIDs in the standard string form, of the RFC 4122
# variant (the "variant 2" of the specification: 10xx in the top bits of
# the clock_seq_hi byte), versions 1 to 5.
UUID_RE = re.compile(
    r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[1-5][0-9a-fA-F]{3}-[89abAB][0-9a-fA-F]{3}-"
    r"[0-9a-fA-F]{12}$")

# 2.2.s4.b1.b8 and 3.1: an IRI is absolute, so it has a scheme (RFC 3987
# section 2.2); no spaces, controls or characters that no IRI may hold, and
# every % starts a percent-encoding.
SCHEME_RE = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
IRI_BAD_RE = re.compile(r'[\x00-\x20\x7f<>"{}|\\^`]')
PCT_RE = re.compile(r"%(?![0-9A-Fa-f]{2})")
# An IRL is an IRI that locates something: scheme://host...
IRL_RE = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://[^/?#\s]+")

# 2.4.2.3: mbox is a mailto IRI.
MBOX_RE = re.compile(r"^mailto:[^@\s]+@[^@\s]+$")
SHA1_RE = re.compile(r"^[0-9a-fA-F]{40}$")

# 4.2, 2.2.s3.b2 and 2.2.s4.b2: language map keys are RFC 5646 tags
# (the ABNF of RFC 5646 section 2.1, case-insensitive).
_LANG = r"(?:[a-z]{2,3}(?:-[a-z]{3}){0,3}|[a-z]{4}|[a-z]{5,8})"
_LANGTAG = (_LANG + r"(?:-[a-z]{4})?(?:-(?:[a-z]{2}|[0-9]{3}))?"
            r"(?:-(?:[a-z0-9]{5,8}|[0-9][a-z0-9]{3}))*"
            r"(?:-[0-9a-wyz](?:-[a-z0-9]{2,8})+)*(?:-x(?:-[a-z0-9]{1,8})+)?")
LANGTAG_RE = re.compile(r"^(?:" + _LANGTAG + r"|x(?:-[a-z0-9]{1,8})+)$",
                        re.IGNORECASE)
GRANDFATHERED = {t.lower() for t in (
    "en-GB-oed i-ami i-bnn i-default i-enochian i-hak i-klingon i-lux "
    "i-mingo i-navajo i-pwn i-tao i-tay i-tsu sgn-BE-FR sgn-BE-NL sgn-CH-DE "
    "art-lojban cel-gaulish no-bok no-nyn zh-guoyu zh-hakka zh-min "
    "zh-min-nan zh-xiang").split()}

# 4.6: ISO 8601:2004 section 4.4.3.2 durations, PnYnMnDTnHnMnS or PnW; at
# least one part, a T only before a time part, a fraction only on the
# last part.  The alternative format (P0003-06-04T12:30:05) must not be
# used.
DURATION_RE = re.compile(
    r"^P(?:\d+(?:[.,]\d+)?W|"
    r"(?=\d|T\d)(?:\d+Y)?(?:\d+M)?(?:\d+D)?"
    r"(?:T(?=\d)(?:\d+H)?(?:\d+M)?(?:\d+(?:[.,]\d+)?S)?)?)$")
DURATION_FRACTION_RE = re.compile(r"[.,]\d+[A-Z].")   # a fraction, not last

# 4.5: timestamps in ISO 8601, and (SHOULD*) the RFC 3339 profile with a
# time zone; ISO 8601 has no "-00:00".
TIMESTAMP_RE = re.compile(
    r"^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d+)?"
    r"(Z|[+-]\d{2}:\d{2})$")

# 2.4: the properties of a Statement.
STATEMENT_KEYS = {"id", "actor", "verb", "object", "result", "context",
                  "timestamp", "stored", "authority", "version",
                  "attachments"}
# 2.4.4.3.s8.b3: what a SubStatement must not have (objectType added).
SUBSTATEMENT_KEYS = (STATEMENT_KEYS - {"id", "stored", "version",
                                       "authority"}) | {"objectType"}
AGENT_KEYS = {"objectType", "name", "mbox", "mbox_sha1sum", "openid",
              "account"}                                     # 2.4.2.1
GROUP_KEYS = AGENT_KEYS | {"member"}                         # 2.4.2.2
IFI_KEYS = ("mbox", "mbox_sha1sum", "openid", "account")     # 2.4.2.3
ACCOUNT_KEYS = {"homePage", "name"}                          # 2.4.2.4
VERB_KEYS = {"id", "display"}                                # 2.4.3
ACTIVITY_KEYS = {"objectType", "id", "definition"}           # 2.4.4.1
DEFINITION_KEYS = {"name", "description", "type", "moreInfo", "extensions",
                   "interactionType", "correctResponsesPattern", "choices",
                   "scale", "source", "target", "steps"}     # 2.4.4.1.s2, s8
INTERACTION_TYPES = {"true-false", "choice", "fill-in", "long-fill-in",
                     "matching", "performance", "sequencing", "likert",
                     "numeric", "other"}                     # 2.4.4.1.s8
COMPONENT_KEYS = {"id", "description"}                       # 2.4.4.1.s15
STATEMENTREF_KEYS = {"objectType", "id"}                     # 2.4.4.3.s4
RESULT_KEYS = {"score", "success", "completion", "response", "duration",
               "extensions"}                                 # 2.4.5
SCORE_KEYS = {"scaled", "raw", "min", "max"}                 # 2.4.5.1
CONTEXT_KEYS = {"registration", "instructor", "team", "contextActivities",
                "revision", "platform", "language", "statement",
                "extensions"}                                # 2.4.6
CONTEXT_ACTIVITY_KEYS = {"parent", "grouping", "category", "other"}  # 2.4.6.2
ATTACHMENT_KEYS = {"usageType", "display", "description", "contentType",
                   "length", "sha2", "fileUrl"}              # 2.4.11
ATTACHMENT_REQUIRED = ("usageType", "display", "contentType", "length",
                       "sha2")


class Checker:
    def __init__(self):
        self.problems = []

    def bad(self, path, message, section):
        self.problems.append("%s: %s (%s)" % (path, message, section))

    # -- types --------------------------------------------------------------

    def is_object(self, v, path, section):
        if not isinstance(v, dict):
            self.bad(path, "must be an object, not %s" % kind(v), section)
            return False
        if not v:
            # 2.2.s2.b1: SHOULD NOT include properties with an empty object.
            self.bad(path, "is an empty object", "2.2.s2.b1, SHOULD")
        return True

    def keys(self, v, allowed, path, section):
        # 2.2.s4.b1.b7 and 2.2.s4.b8: keys not allowed by the specification
        # are rejected; 2.2.s4.b1.b5: keys are case-sensitive.
        for k in v:
            if k not in allowed:
                self.bad("%s.%s" % (path, k), "is not a property allowed here",
                         section + ", 2.2.s4.b1.b7")

    def required(self, v, names, path, section):
        for k in names:
            if k not in v:
                self.bad(path, "has no \"%s\", which is required" % k, section)

    def string(self, v, path, section, empty_ok=True):
        if not isinstance(v, str):
            self.bad(path, "must be a string, not %s" % kind(v), section)
            return False
        if not empty_ok and v == "":
            self.bad(path, "must not be empty", section + ", 2.2.s4.b1.b4")
            return False
        return True

    def boolean(self, v, path, section):
        # 2.2.s4.b1.b3: no strings (or numbers) where booleans are required.
        if not isinstance(v, bool):
            self.bad(path, "must be true or false, not %s" % kind(v), section)

    def number(self, v, path, section):
        # 2.2.s4.b1.b2: no strings where numbers are required.
        if isinstance(v, bool) or not isinstance(v, (int, float)):
            self.bad(path, "must be a number, not %s" % kind(v), section)
            return False
        return True

    # -- formats ------------------------------------------------------------

    def uuid(self, v, path, section):
        if self.string(v, path, section) and not UUID_RE.match(v):
            self.bad(path, "%r is not a UUID in standard form (RFC 4122 "
                     "variant, version 1-5)" % v, section + ", 4.4")

    def iri(self, v, path, section):
        if not self.string(v, path, section, empty_ok=False):
            return
        if not SCHEME_RE.match(v) or v.split(":", 1)[1] == "":
            self.bad(path, "%r is not an absolute IRI (no scheme)" % v,
                     section + ", 2.2.s4.b1.b8")
        elif IRI_BAD_RE.search(v) or PCT_RE.search(v):
            self.bad(path, "%r has characters no IRI may hold" % v,
                     section + ", 2.2.s3.b1")

    def irl(self, v, path, section):
        self.iri(v, path, section)
        if isinstance(v, str) and v and not IRL_RE.match(v):
            self.bad(path, "%r is not an IRL (scheme://host...)" % v, section)

    def langmap(self, v, path, section):
        if not self.is_object(v, path, section + ", 4.2"):
            return
        for tag, text in v.items():
            if not (LANGTAG_RE.match(tag) or tag.lower() in GRANDFATHERED):
                self.bad("%s.%s" % (path, tag), "is not an RFC 5646 language "
                         "tag", "4.2, 2.2.s3.b2, 2.2.s4.b2")
            self.string(text, "%s.%s" % (path, tag), "4.2")

    def extensions(self, v, path, section):
        # 4.1.s3.b1: the keys are IRIs; the values can be anything (4.1.s3.b2).
        if not self.is_object(v, path, section + ", 4.1"):
            return
        for k in v:
            self.iri(k, "%s[%r]" % (path, k), "4.1.s3.b1")

    def timestamp(self, v, path, section):
        if not self.string(v, path, section):
            return
        m = TIMESTAMP_RE.match(v)
        if not m:
            self.bad(path, "%r is not an ISO 8601 (RFC 3339) timestamp with "
                     "a time zone" % v, section + ", 4.5.s1.b1, b2, b4")
            return
        if m.group(8) == "-00:00":
            self.bad(path, "-00:00 is not an ISO 8601 offset", "4.5.s1.b1")
        try:
            datetime.datetime(*(int(m.group(i)) for i in range(1, 7)))
        except ValueError:
            self.bad(path, "%r is not a real date and time" % v, "4.5.s1.b1")

    def duration(self, v, path, section):
        if not self.string(v, path, section):
            return
        if not DURATION_RE.match(v) or DURATION_FRACTION_RE.search(v):
            self.bad(path, "%r is not an ISO 8601 duration (PnYnMnDTnHnMnS "
                     "or PnW)" % v, section + ", 4.6.s1.b1")

    # -- agents and groups --------------------------------------------------

    def ifis(self, v, path, section):
        found = [k for k in IFI_KEYS if k in v]
        if "mbox" in v and self.string(v["mbox"], path + ".mbox", "2.4.2.3") \
                and not MBOX_RE.match(v["mbox"]):
            self.bad(path + ".mbox", "is not a mailto IRI", "2.4.2.3")
        if "mbox_sha1sum" in v and self.string(
                v["mbox_sha1sum"], path + ".mbox_sha1sum", "2.4.2.3") \
                and not SHA1_RE.match(v["mbox_sha1sum"]):
            self.bad(path + ".mbox_sha1sum", "is not a hex SHA1", "2.4.2.3")
        if "openid" in v:
            self.iri(v["openid"], path + ".openid", "2.4.2.3")
        if "account" in v:
            a = v["account"]
            if self.is_object(a, path + ".account", "2.4.2.4"):
                self.keys(a, ACCOUNT_KEYS, path + ".account", "2.4.2.4")
                self.required(a, ("homePage", "name"), path + ".account",
                              "2.4.2.4")
                if "homePage" in a:
                    self.irl(a["homePage"], path + ".account.homePage",
                             "2.4.2.4")
                if "name" in a:
                    self.string(a["name"], path + ".account.name", "2.4.2.4",
                                empty_ok=False)
        return found

    def agent(self, v, path, section, need_type=False):
        if not self.is_object(v, path, section):
            return
        if v.get("objectType") == "Group":
            self.group(v, path, section)
            return
        self.keys(v, AGENT_KEYS, path, "2.4.2.1")
        if need_type and "objectType" not in v:
            self.bad(path, "an Agent as an Object must say objectType",
                     "2.4.4.2.s1.b1")
        if "objectType" in v and v["objectType"] != "Agent":
            self.bad(path + ".objectType", "must be \"Agent\" or \"Group\"",
                     "2.4.2.1, 2.2.s4.b1.b6")
        if "name" in v:
            self.string(v["name"], path + ".name", "2.4.2.1")
        found = self.ifis(v, path, "2.4.2.1")
        if len(found) != 1:
            # 2.4.2.1.s2.b1 and b2: exactly one inverse functional identifier.
            self.bad(path, "an Agent needs exactly one identifier (mbox, "
                     "mbox_sha1sum, openid or account), found %d" % len(found),
                     "2.4.2.1.s2.b1, b2")

    def group(self, v, path, section):
        self.keys(v, GROUP_KEYS, path, "2.4.2.2")
        if v.get("objectType") != "Group":
            self.bad(path, "a Group must say objectType \"Group\"", "2.4.2.2")
        if "name" in v:
            self.string(v["name"], path + ".name", "2.4.2.2")
        found = self.ifis(v, path, "2.4.2.2")
        if len(found) > 1:
            self.bad(path, "a Group has at most one identifier",
                     "2.4.2.2.s5.b1")
        members = v.get("member")
        if not found and members is None:
            self.bad(path, "an anonymous Group needs \"member\"",
                     "2.4.2.2.s4.b1")
        if members is not None:
            if not isinstance(members, list):
                self.bad(path + ".member", "must be an array", "2.4.2.2")
                return
            for i, m in enumerate(members):
                p = "%s.member[%d]" % (path, i)
                if isinstance(m, dict) and m.get("objectType") == "Group":
                    self.bad(p, "a Group cannot contain a Group",
                             "2.4.2.2.s4.b2, 2.4.2.2.s5.b2")
                else:
                    self.agent(m, p, "2.4.2.2")

    # -- verb, object -------------------------------------------------------

    def verb(self, v, path):
        if not self.is_object(v, path, "2.4.3"):
            return
        self.keys(v, VERB_KEYS, path, "2.4.3")
        self.required(v, ("id",), path, "2.4.3")
        if "id" in v:
            self.iri(v["id"], path + ".id", "2.4.3")
        if "display" in v:
            self.langmap(v["display"], path + ".display", "2.4.3")
        else:
            self.bad(path, "has no \"display\"", "2.4.3.s5.b1, SHOULD")

    def components(self, v, path):
        if not isinstance(v, list):
            self.bad(path, "must be an array of interaction components",
                     "2.4.4.1.s8")
            return
        seen = set()
        for i, c in enumerate(v):
            p = "%s[%d]" % (path, i)
            if not self.is_object(c, p, "2.4.4.1.s15"):
                continue
            self.keys(c, COMPONENT_KEYS, p, "2.4.4.1.s15")
            self.required(c, ("id",), p, "2.4.4.1.s15")
            if "id" in c and self.string(c["id"], p + ".id", "2.4.4.1.s15"):
                if c["id"] in seen:
                    self.bad(p + ".id", "repeats an id", "2.4.4.1.s16.b1")
                seen.add(c["id"])
            if "description" in c:
                self.langmap(c["description"], p + ".description",
                             "2.4.4.1.s15")

    def activity(self, v, path, section):
        if not self.is_object(v, path, section):
            return
        self.keys(v, ACTIVITY_KEYS, path, "2.4.4.1")
        if "objectType" in v and v["objectType"] != "Activity":
            self.bad(path + ".objectType", "must be \"Activity\" when present",
                     "2.4.4.1.s1")
        self.required(v, ("id",), path, "2.4.4.1")
        if "id" in v:
            self.iri(v["id"], path + ".id", "2.4.4.1")
        d = v.get("definition")
        if d is None:
            return
        p = path + ".definition"
        if not self.is_object(d, p, "2.4.4.1.s2"):
            return
        self.keys(d, DEFINITION_KEYS, p, "2.4.4.1.s2")
        for k in ("name", "description"):
            if k in d:
                self.langmap(d[k], "%s.%s" % (p, k), "2.4.4.1.s2")
        if "type" in d:
            self.iri(d["type"], p + ".type", "2.4.4.1.s2")
        if "moreInfo" in d:
            self.irl(d["moreInfo"], p + ".moreInfo", "2.4.4.1.s2")
        if "extensions" in d:
            self.extensions(d["extensions"], p + ".extensions", "2.4.4.1.s2")
        if "interactionType" in d and \
                d["interactionType"] not in INTERACTION_TYPES:
            self.bad(p + ".interactionType", "is not an interaction type",
                     "2.4.4.1.s13.b1")
        if "correctResponsesPattern" in d:
            crp = d["correctResponsesPattern"]
            if not (isinstance(crp, list) and
                    all(isinstance(s, str) for s in crp)):
                self.bad(p + ".correctResponsesPattern",
                         "must be an array of strings", "2.4.4.1.s8")
        for k in ("choices", "scale", "source", "target", "steps"):
            if k in d:
                self.components(d[k], "%s.%s" % (p, k))

    def statement_ref(self, v, path, section):
        if not self.is_object(v, path, section):
            return
        self.keys(v, STATEMENTREF_KEYS, path, "2.4.4.3.s4")
        if v.get("objectType") != "StatementRef":
            self.bad(path, "must say objectType \"StatementRef\"",
                     "2.4.4.3.s4.b1")
        self.required(v, ("id",), path, "2.4.4.3.s4.b2")
        if "id" in v:
            self.uuid(v["id"], path + ".id", "2.4.4.3.s4.b2")

    def object(self, v, path, sub):
        if not isinstance(v, dict):
            self.bad(path, "must be an object", "2.4.4")
            return
        t = v.get("objectType", "Activity")
        if t == "Activity":
            self.activity(v, path, "2.4.4.1")
        elif t in ("Agent", "Group"):
            self.agent(v, path, "2.4.4.2", need_type=True)
        elif t == "StatementRef":
            self.statement_ref(v, path, "2.4.4.3")
        elif t == "SubStatement":
            if sub:
                self.bad(path, "a SubStatement cannot contain a SubStatement",
                         "2.4.4.3.s8.b4")
            else:
                self.statement(v, path, sub=True)
        else:
            self.bad(path + ".objectType", "%r is not an object type" % t,
                     "2.4.4.s2, 2.2.s4.b1.b6")

    # -- result, context ----------------------------------------------------

    def result(self, v, path):
        if not self.is_object(v, path, "2.4.5"):
            return
        self.keys(v, RESULT_KEYS, path, "2.4.5")
        for k in ("success", "completion"):
            if k in v:
                self.boolean(v[k], "%s.%s" % (path, k), "2.4.5")
        if "response" in v:
            self.string(v["response"], path + ".response", "2.4.5")
        if "duration" in v:
            self.duration(v["duration"], path + ".duration", "2.4.5")
        if "extensions" in v:
            self.extensions(v["extensions"], path + ".extensions", "2.4.5")
        s = v.get("score")
        if s is None:
            return
        p = path + ".score"
        if not self.is_object(s, p, "2.4.5.1"):
            return
        self.keys(s, SCORE_KEYS, p, "2.4.5.1")
        nums = {k: s[k] for k in SCORE_KEYS
                if k in s and self.number(s[k], "%s.%s" % (p, k), "2.4.5.1")}
        if "scaled" in nums and not -1 <= nums["scaled"] <= 1:
            self.bad(p + ".scaled", "must be from -1 to 1", "2.4.5.1.s2")
        if "min" in nums and "max" in nums and not nums["min"] < nums["max"]:
            self.bad(p, "min must be less than max", "2.4.5.1.s2")
        if "raw" in nums:
            if "min" in nums and nums["raw"] < nums["min"]:
                self.bad(p + ".raw", "is less than min", "2.4.5.1.s2")
            if "max" in nums and nums["raw"] > nums["max"]:
                self.bad(p + ".raw", "is more than max", "2.4.5.1.s2")

    def context(self, v, path, object_is_activity):
        if not self.is_object(v, path, "2.4.6"):
            return
        self.keys(v, CONTEXT_KEYS, path, "2.4.6")
        if "registration" in v:
            self.uuid(v["registration"], path + ".registration", "2.4.6")
        if "instructor" in v:
            self.agent(v["instructor"], path + ".instructor", "2.4.6")
        if "team" in v:
            t = v["team"]
            if not (isinstance(t, dict) and t.get("objectType") == "Group"):
                self.bad(path + ".team", "must be a Group", "2.4.6")
            else:
                self.group(t, path + ".team", "2.4.6")
        for k in ("revision", "platform"):
            if k in v:
                self.string(v[k], "%s.%s" % (path, k), "2.4.6")
                if not object_is_activity:
                    self.bad("%s.%s" % (path, k), "only when the Object is "
                             "an Activity", "2.4.6.s4.b1, b2")
        if "language" in v and self.string(v["language"], path + ".language",
                                           "2.4.6"):
            if not LANGTAG_RE.match(v["language"]):
                self.bad(path + ".language", "is not an RFC 5646 tag", "2.4.6")
        if "statement" in v:
            self.statement_ref(v["statement"], path + ".statement", "2.4.6")
        if "extensions" in v:
            self.extensions(v["extensions"], path + ".extensions", "2.4.6")
        ca = v.get("contextActivities")
        if ca is None:
            return
        p = path + ".contextActivities"
        if not self.is_object(ca, p, "2.4.6.2"):
            return
        self.keys(ca, CONTEXT_ACTIVITY_KEYS, p, "2.4.6.2.s4.b1")
        for k, acts in ca.items():
            if isinstance(acts, dict):
                # 2.4.6.2.s4.b2 allows it, b5: SHOULD be an array.
                self.bad("%s.%s" % (p, k), "should be an array of Activities",
                         "2.4.6.2.s4.b5, SHOULD")
                acts = [acts]
            if not isinstance(acts, list):
                self.bad("%s.%s" % (p, k), "must be an Activity or an array "
                         "of Activities", "2.4.6.2.s4.b2")
                continue
            for i, a in enumerate(acts):
                self.activity(a, "%s.%s[%d]" % (p, k, i), "2.4.6.2.s4.b2")

    def attachments(self, v, path):
        if not isinstance(v, list):
            self.bad(path, "must be an array", "2.4.11")
            return
        for i, a in enumerate(v):
            p = "%s[%d]" % (path, i)
            if not self.is_object(a, p, "2.4.11"):
                continue
            self.keys(a, ATTACHMENT_KEYS, p, "2.4.11")
            self.required(a, ATTACHMENT_REQUIRED, p, "2.4.11")
            if "usageType" in a:
                self.iri(a["usageType"], p + ".usageType", "2.4.11")
            for k in ("display", "description"):
                if k in a:
                    self.langmap(a[k], "%s.%s" % (p, k), "2.4.11")
            if "contentType" in a:
                self.string(a["contentType"], p + ".contentType", "2.4.11")
            if "length" in a and (isinstance(a["length"], bool) or
                                  not isinstance(a["length"], int)):
                self.bad(p + ".length", "must be an integer", "2.4.11")
            if "sha2" in a:
                self.string(a["sha2"], p + ".sha2", "2.4.11")
            if "fileUrl" in a:
                self.irl(a["fileUrl"], p + ".fileUrl", "2.4.11")

    # -- the statement ------------------------------------------------------

    def statement(self, v, path, sub=False):
        if not isinstance(v, dict):
            self.bad(path, "a Statement must be an object", "2.4")
            return
        self.keys(v, SUBSTATEMENT_KEYS if sub else STATEMENT_KEYS, path,
                  "2.4.4.3.s8.b3" if sub else "2.4")
        if sub and v.get("objectType") != "SubStatement":
            self.bad(path, "must say objectType \"SubStatement\"",
                     "2.4.4.3.s8.b1")
        # 2.2.s2.b3: actor, verb and object are required.
        self.required(v, ("actor", "verb", "object"), path, "2.2.s2.b3")
        if "id" in v:
            self.uuid(v["id"], path + ".id", "2.4.1")
        if "actor" in v:
            self.agent(v["actor"], path + ".actor", "2.4.2")
        if "verb" in v:
            self.verb(v["verb"], path + ".verb")
        obj = v.get("object")
        if obj is not None:
            self.object(obj, path + ".object", sub)
        if "result" in v:
            self.result(v["result"], path + ".result")
        if "context" in v:
            is_activity = isinstance(obj, dict) and \
                obj.get("objectType", "Activity") == "Activity"
            self.context(v["context"], path + ".context", is_activity)
        for k in ("timestamp", "stored"):
            if k in v:
                self.timestamp(v[k], "%s.%s" % (path, k), "2.4.7")
        if "timestamp" in v and isinstance(v["timestamp"], str) and not sub:
            self.not_future(v["timestamp"], path + ".timestamp")
        if "authority" in v:
            self.agent(v["authority"], path + ".authority", "2.4.9")
        if "version" in v:
            # 2.4.10.s4.b1: a provider that sets it sets "1.0.0"; b2: it
            # SHOULD NOT set it.
            if v["version"] != "1.0.0":
                self.bad(path + ".version", "a provider may only set "
                         "\"1.0.0\"", "2.4.10.s4.b1")
        if "attachments" in v:
            self.attachments(v["attachments"], path + ".attachments")
        if isinstance(obj, dict) and isinstance(v.get("verb"), dict) and \
                v["verb"].get("id") == "http://adlnet.gov/expapi/verbs/voided" \
                and obj.get("objectType") != "StatementRef":
            self.bad(path + ".object", "a voiding Statement's Object is a "
                     "StatementRef", "2.3.2.s2.b1")

    def not_future(self, ts, path):
        # 2.4.7.s3.b4: a provider MUST NOT use a future time.
        m = TIMESTAMP_RE.match(ts)
        if not m:
            return
        try:
            when = datetime.datetime.fromisoformat(ts.replace("Z", "+00:00"))
        except ValueError:
            return
        now = datetime.datetime.now(datetime.timezone.utc)
        if when > now + datetime.timedelta(minutes=5):
            self.bad(path, "is in the future", "2.4.7.s3.b4")


def kind(v):
    if v is None:
        return "null"
    return {bool: "a boolean", int: "a number", float: "a number",
            str: "a string", list: "an array", dict: "an object"}.get(
                type(v), type(v).__name__)


def no_nulls(v, path, checker, in_extensions=False):
    """2.2.s4.b1.b1: no null values, except inside extensions."""
    if v is None and not in_extensions:
        checker.bad(path, "is null", "2.2.s4.b1.b1")
    elif isinstance(v, dict):
        for k, x in v.items():
            no_nulls(x, "%s.%s" % (path, k), checker,
                     in_extensions or k == "extensions")
    elif isinstance(v, list):
        for i, x in enumerate(v):
            no_nulls(x, "%s[%d]" % (path, i), checker, in_extensions)


def unique_keys(pairs):
    """2.2.s2.b2 and 2.2.s3.b7: each property at most once in an object."""
    seen = {}
    for k, v in pairs:
        if k in seen:
            raise ValueError("the property %r appears twice in one object "
                             "(2.2.s2.b2)" % k)
        seen[k] = v
    return seen


def no_constant(name):
    """JSON has no NaN or Infinity, whatever Python's parser accepts."""
    raise ValueError("%s is not JSON" % name)


def check(data):
    c = Checker()
    statements = data if isinstance(data, list) else [data]
    ids = {}
    for i, s in enumerate(statements):
        path = "statements[%d]" % i
        no_nulls(s, path, c)
        c.statement(s, path)
        sid = s.get("id") if isinstance(s, dict) else None
        if isinstance(sid, str):
            # Comm 2.1.2.s2.b6: no two Statements of a batch share an id.
            if sid.lower() in ids:
                c.bad(path + ".id", "repeats the id of statements[%d]" %
                      ids[sid.lower()], "Comm 2.1.2.s2.b6")
            ids.setdefault(sid.lower(), i)
    return len(statements), c.problems


def main(argv):
    if len(argv) != 2:
        sys.stderr.write("usage: xapi-check.py FILE\n")
        return 2
    try:
        if argv[1] == "-":
            text = sys.stdin.buffer.read()
        else:
            with open(argv[1], "rb") as f:
                text = f.read()
        data = json.loads(text.decode("utf-8"), object_pairs_hook=unique_keys,
                          parse_constant=no_constant)
    except (OSError, UnicodeDecodeError, ValueError) as e:
        print("not JSON an LRS could read: %s" % e)
        return 1
    n, problems = check(data)
    for p in problems:
        print(p)
    if problems:
        return 1
    print("ok: %d statements" % n)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
