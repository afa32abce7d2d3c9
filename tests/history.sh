#!/bin/sh
# vmat history (reference §9) against an independent computation in Python,
# on the rows of vmat score (§6) for the same input.
#
# The data: 3000 sample interviews (about 800 customers over 2021-2025;
# their names have Latin-1 accents, ß, commas, quotes, apostrophes, dotted
# and several-word legal forms); the same rows with a third of the names
# respelled (upper case, Latin-1 accents removed, punctuation changed, a
# formula-guarded first character), which folding must join, and with a
# legal form added to some names that had none, which it must join with a
# warning; small cases made for folding (every legal form, one word left,
# letters outside Latin-1, other punctuation and spaces, a 1023-byte key,
# the formula guard), for months (the reference's example, month ends, leap
# days, halves) and for customer_id (its key, a name joining it, a renamed
# customer, a name with two customer_ids).
#
# Checked for every run, against vmat score's rows and the reference alone:
# the header; the same ids, and the cells that history repeats byte for
# byte; customer_key from §9's folding (reimplemented here) and customer_id
# rules; the order by key, date and id in byte order; previous_id and
# previous_date; months_since_previous in exact calendar months, rounded
# half up; every _change (allowing 0.0001 for the difference of two
# rounded values); blockers_resolved and blockers_new; the number format of
# §6; valid UTF-8; one warning per customer whose names differ in more than
# case, accents and punctuation, and no other message. Then: the respelled
# data gives the same rows but for `customer`; --threads 1 and 2 the same
# bytes; --format json the same values (null and [] as §9 says); -c NAME
# exactly the customer's rows, and a NAME with no interview an error.
# Usage: history.sh VMAT ROOT
set -eu
case $1 in /*) vmat=$1 ;; *) vmat=$PWD/$1 ;; esac
case $2 in /*) root=$2 ;; *) root=$PWD/$2 ;; esac
survey=$root/surveys/journey.json
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$tmp"
export LC_ALL=C.UTF-8 TZ=UTC VMAT="$vmat" SURVEY="$survey"
fail=0

# The reference's rules, written again from §6 and §9 (not from vmat's code)
cat >ref.py <<'PY'
import calendar, csv, datetime, io, unicodedata
from decimal import Decimal
from fractions import Fraction

# §9: the legal forms, as folded; the longest first
LEGAL = ["sa de cv", "s de rl de cv", "s de rl", "sp z oo", "pty ltd", "pvt ltd",
         "pte ltd", "co ltd", "co inc", "sa", "sac", "saa", "sas", "sl", "srl", "spa",
         "ltda", "ltd", "limited", "llc", "llp", "lp", "inc", "incorporated", "corp",
         "corporation", "co", "company", "plc", "gmbh", "ag", "kg", "bv", "nv", "as",
         "asa", "ab", "oy", "eirl"]
LEGAL_WORDS = sorted((f.split(" ") for f in LEGAL), key=len, reverse=True)
# Latin-1 and Latin Extended-A letters with no decomposition into a base
# letter and an accent (the reference names ß and œ; the others are this
# test's reading)
BASE = {"ß": "ss", "æ": "ae", "ð": "d", "ø": "o", "þ": "th", "đ": "d", "ħ": "h",
        "ı": "i", "ĳ": "ij", "ĸ": "k", "ŀ": "l", "ł": "l", "ŉ": "n", "ŋ": "n",
        "œ": "oe", "ŧ": "t", "ſ": "s"}

def latin_letter(ch):
    """Latin-1 and Latin Extended-A letters: folded to their base letters."""
    return 0xC0 <= ord(ch) <= 0x17F and ch not in "×÷"

def cased(ch):
    """The other letters §9 lower-cases: Greek, Cyrillic and Latin Extended
    Additional capitals."""
    c = ord(ch)
    return (0x391 <= c <= 0x3AB and c != 0x3A2) or 0x400 <= c <= 0x42F or \
        ((0x1E00 <= c <= 0x1E95 or 0x1EA0 <= c <= 0x1EFF) and c % 2 == 0)

def separator(ch):
    """§9: ASCII punctuation and spaces, Latin-1's signs, General Punctuation."""
    c = ord(ch)
    return (c < 0x80 and not ch.isalnum()) or 0xA0 <= c <= 0xBF or ch in "×÷" or \
        0x2000 <= c <= 0x206F or c == 0x3000

def fold(name):
    """Case, accents and punctuation folded; legal forms kept."""
    words, word = [], []
    for ch in name:
        if ch in ".'\u2018\u2019\u02bc":
            continue
        if latin_letter(ch):
            low = ch.lower()
            word.append(BASE.get(low) or unicodedata.normalize("NFD", low)[0])
        elif ch.isascii() and ch.isalnum():
            word.append(ch.lower())
        elif separator(ch):
            if word:                    # punctuation or space: a separator
                words.append("".join(word))
                word = []
        elif cased(ch):
            word.append(ch.lower())
        else:
            word.append(ch)             # anything else: kept
    if word:
        words.append("".join(word))
    return " ".join(words)

def cut(text, size=1023):
    """The first size bytes, whole characters only (the output is UTF-8)."""
    return text.encode()[:size].decode("utf-8", "ignore")

def name_key(name):
    words = cut(fold(name)).split(" ")
    dropped = True
    while dropped:
        dropped = False
        for form in LEGAL_WORDS:
            if len(words) > len(form) and words[-len(form):] == form:
                words = words[:-len(form)]
                dropped = True
                break
    return " ".join(words)

def keys(rows):
    """{id: customer key} for input rows {id, customer, customer_id}, §9 1-3;
    and the set of folded names that have several customer_ids."""
    ids_of = {}
    for r in rows:
        if r["customer_id"]:
            ids_of.setdefault(name_key(r["customer"]), set()).add(r["customer_id"])
    out = {}
    for r in rows:
        if r["customer_id"]:
            out[r["id"]] = "id:" + r["customer_id"]
        else:
            k = name_key(r["customer"])
            ids = ids_of.get(k, set())
            out[r["id"]] = "id:" + next(iter(ids)) if len(ids) == 1 else k
    several = {k for k, v in ids_of.items() if len(v) > 1}
    return out, several

def expected_warnings(rows, key_of):
    """The keys that join names differing in more than case, accents and
    punctuation: the names of interviews without a customer_id, with those
    of the customer_id interviews whose name they were joined by."""
    names = {}
    joined_by = {}      # key -> folded keys of names that joined it
    for r in rows:
        if not r["customer_id"]:
            names.setdefault(key_of[r["id"]], set()).add(r["customer"])
            joined_by.setdefault(key_of[r["id"]], set()).add(name_key(r["customer"]))
    for r in rows:
        k = key_of[r["id"]]
        if r["customer_id"] and name_key(r["customer"]) in joined_by.get(k, ()):
            names[k].add(r["customer"])
    return {k: v for k, v in names.items() if len({fold(n) for n in v}) > 1}, names

def add_months(d, m):
    y, mo = divmod(d.month - 1 + m, 12)
    y, mo = d.year + y, mo + 1
    return datetime.date(y, mo, min(d.day, calendar.monthrange(y, mo)[1]))

def months(a, b):
    """§9: whole calendar months from a, then the share of the next month
    reached, in days; one decimal, halves up."""
    a, b = datetime.date.fromisoformat(a), datetime.date.fromisoformat(b)
    assert a <= b
    m = 0
    while add_months(a, m + 1) <= b:
        m += 1
    start, end = add_months(a, m), add_months(a, m + 1)
    v = m + Fraction((b - start).days, (end - start).days)
    return Decimal((v * 10 + Fraction(1, 2)).__floor__()) / 10

GUARD = ("=", "+", "-", "@", "\t", "\r", "\n")
def guard(text):
    """§6: the formula guard."""
    if text.startswith(GUARD) or (text.startswith("'") and text[1:2] in GUARD + ("'",)):
        return "'" + text
    return text

def unguard(cell):
    """§3: the guard undone, and the field trimmed, as a customer is read."""
    if cell.startswith("'") and cell[1:2] in GUARD + ("'",):
        cell = cell[1:]
    return cell.strip(" \t")

def read_csv(path):
    """Rows of a CSV file as dicts and its header; invalid UTF-8 survives as
    surrogates (and is reported by valid_utf8)."""
    with open(path, encoding="utf-8", errors="surrogateescape", newline="") as f:
        rows = list(csv.reader(f))
    return rows[0] if rows else [], [dict(zip(rows[0], r)) for r in rows[1:]]

def valid_utf8(path):
    try:
        open(path, "rb").read().decode("utf-8")
        return True
    except UnicodeDecodeError as e:
        return e

# the examples of §9
assert name_key("Banco del Sur, S.A.") == name_key("BANCO DEL SUR SA") == "banco del sur"
assert fold("Ñuñoa") == "nunoa" and fold("ß") == "ss" and fold("S.A.") == "sa"
assert name_key("Acme") == name_key("ACME, Inc.") == "acme" and fold("ACME, Inc.") != "acme"
assert name_key("Hoshizora Co., Ltd.") == "hoshizora" and name_key("Pty Ltd") == "pty"
assert months("2010-05-12", "2011-03-22") == Decimal("10.3")
assert months("2011-01-31", "2011-02-28") == 1 and months("2010-05-12", "2010-05-12") == 0
PY

"$vmat" sample -s "$survey" -n 3000 --seed 5 >sample.csv

# respelled.csv, cases.csv, ids.csv
python3 - <<'PY' || { echo "FAIL: the data could not be made"; exit 1; }
import csv, random, unicodedata
from ref import *

rng = random.Random(170)
with open("sample.csv", encoding="utf-8", newline="") as f:
    rows = list(csv.reader(f))
H, rows = rows[0], rows[1:]
ID, CUST, DATE = H.index("id"), H.index("customer"), H.index("date")
assert "customer_id" not in H

def write(path, header, rows):
    with open(path, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(header)
        w.writerows(rows)

# The sample's names exercise the folding
names = {r[CUST] for r in rows}
for what, test in [("a Latin-1 accent", lambda n: any(latin_letter(c) for c in n)),
                   ("ß", lambda n: "ß" in n), ("a comma", lambda n: "," in n),
                   ('a "', lambda n: '"' in n), ("a '", lambda n: "'" in n),
                   ("a dotted legal form", lambda n: n.endswith(".") and name_key(n) != fold(n)),
                   ("a two-word legal form", lambda n: fold(n).endswith(" pty ltd")),
                   ("no legal form", lambda n: name_key(n) == fold(n))]:
    assert sum(map(test, names)) >= 10, "the sample has few names with " + what
by_key = {}
for r in rows:
    by_key.setdefault(name_key(r[CUST]), set()).add(r[CUST])
assert sum(len(v) == 1 for v in by_key.values()) >= 100, "few names have a key of their own"

# Respelling: the same key, and (but for legal forms) the same folded name
def upper(n):
    return n.upper() if all(ord(c) <= 0xFF for c in n) and "ÿ" not in n else None

def unaccent(n):
    out = []
    for c in n:
        if latin_letter(c):
            b = BASE.get(c.lower()) or unicodedata.normalize("NFD", c)[0]
            out.append(b.upper() if c.isupper() else b)
        else:
            out.append(c)
    return "".join(out)

def punct(n):
    for _ in range(rng.randint(1, 3)):
        op = rng.randrange(8)
        if op == 0:
            n = n.replace(".", "")
        elif op == 1:
            n = n.replace(", ", " ") if ", " in n else n.replace(" ", ", ", 1)
        elif op == 2:
            n = n.replace(" ", rng.choice([" - ", "/", "  ", " _ ", ";", " (", ")"]), 1)
        elif op == 3:
            n = n.replace('"', rng.choice(["", "'", "*"]))
        elif op == 4:
            n = n.replace("&", rng.choice(["+", " + ", "/"]))
        elif op == 5:
            n = rng.choice(["-", "=", "@", "+", "(", "'", "#", " "]) + n
        elif op == 6:
            n = n + rng.choice([".", " )", "!", " ", "..."])
        else:
            w = n.split(" ")
            k = rng.randrange(len(w))
            if len(w[k]) > 2:
                w[k] = w[k][:1] + rng.choice([".", "'"]) + w[k][1:]
            n = " ".join(w)
    return n

FORMS = [", S.A.", " Inc.", " Pty Ltd", " GmbH", ", S. de R.L. de C.V.", " Co., Ltd.", " AB"]
respelled = [list(r) for r in rows]
changed = legal = 0
seen_key = set()
for r in respelled:
    old = r[CUST]
    k = name_key(old)
    if name_key(old) == fold(old) and k not in seen_key and len(by_key[k]) == 1 \
            and rng.random() < 0.3:
        new = old + rng.choice(FORMS)     # a legal form where the customer had none
        assert name_key(new) == k and fold(new) != fold(old)
        legal += 1
    elif rng.random() < 0.35:
        ops = rng.choice([[upper], [unaccent], [punct], [upper, unaccent],
                          [unaccent, punct], [upper, punct], [upper, unaccent, punct]])
        new = old
        for op in ops:
            new = op(new) or new
        if fold(new) != fold(old) or new.startswith("'") and new[1:2] in GUARD + ("'",):
            new = old   # a quote read as the guard's would be dropped: not this one
    else:
        new = old
    seen_key.add(k)
    changed += new != old
    r[CUST] = new
assert changed > 800 and legal >= 20, (changed, legal)
write("respelled.csv", H, respelled)
print("respelled: %d names changed, %d of them by a legal form" % (changed, legal))

# Folding, months and the formula guard: sample rows under other names, dates
cases = [
    # §9's examples: one customer, no warning
    ("Banco del Sur, S.A.", "2021-03-01"), ("BANCO DEL SUR SA", "2022-03-01"),
    ("banco  del-sur s.a", "2023-03-01"),
    ("Ñuñoa Motors", "2021-01-01"), ("NUNOA MOTORS", "2021-06-01"),
    ("Weiß & Söhne", "2021-01-01"), ("WEISS + SOHNE", "2021-02-01"),
    ("O'Brien Data", "2021-01-01"), ("OBrien Data", "2021-01-02"),
    ("Ærø Þór Ðam", "2021-01-01"), ("AERO THOR DAM", "2021-01-02"),
    ("Zoë × Co", "2021-01-01"),
    # one word left
    ("Pty Ltd", "2021-01-01"), ("Ltd", "2021-01-01"), ("Co Inc", "2021-01-01"),
    ("Sa De Cv", "2021-01-01"), ("AB AB", "2021-01-01"), ("S.A.", "2021-01-01"),
    ("Foo Co Inc Ltd", "2021-01-01"), ("Hoshizora Co., Ltd.", "2021-01-01"),
    ("Gamma Company Limited", "2021-01-01"), ("Gamma Sas", "2021-05-01"),
    # the formula guard
    ("=Formula Co", "2021-01-01"), ("'-Dash Ltd", "2021-01-01"), ("@home", "2021-01-01"),
    # letters outside Latin-1: lower case too, accents kept
    ("Łódź Data Oy", "2021-01-01"), ("ŁÓDŹ DATA OY", "2022-01-01"),
    ("Dvořák Steel", "2021-01-01"), ("DVOŘÁK STEEL", "2022-01-01"),
    ("Ελληνική Τράπεζα", "2021-01-01"), ("東京 Systems K.K.", "2021-01-01"),
    # punctuation and spaces outside ASCII separate words
    ("Café\u00a0Niño", "2021-01-01"), ("Cafe Nino", "2021-02-01"),
    ("O’Connor Foods Ltd", "2021-01-01"), ("«Sol» Ltda", "2021-01-01"),
    ("Foo – Bar", "2021-01-01"), ("¡Hola! Bebidas", "2021-01-01"),
    # a key cut to 1023 bytes
    ("a" * 1022 + "ńx", "2021-01-01"), ("b" * 1021 + "ß" * 3, "2021-01-01"),
    # months (each customer's interviews in date order)
    ("Month Example", "2010-05-12"), ("Month Example", "2011-03-22"),
    ("Month Example", "2011-03-22"),
    ("Month End", "2011-01-31"), ("Month End", "2011-02-28"), ("Month End", "2011-03-30"),
    ("Month End2", "2013-01-31"), ("Month End2", "2013-03-29"), ("Month End2", "2013-04-30"),
    ("Month Leap", "2020-02-29"), ("Month Leap", "2021-02-28"), ("Month Leap", "2024-02-29"),
    ("Month Year", "2021-12-15"), ("Month Year", "2022-01-14"),
    ("Month Half", "2021-02-01"), ("Month Half", "2021-02-08"), ("Month Half", "2021-02-22"),
    ("Month Half2", "2023-02-01"), ("Month Half2", "2023-02-22"),
]
for form in LEGAL:   # every legal form, dotted or in capitals
    words = form.split(" ")
    shown = " ".join(w.upper() if rng.random() < 0.5 else ".".join(w.upper()) + "." for w in words)
    cases.append(("Acme Tools" + rng.choice([" ", ", "]) + shown, "2021-01-01"))
out = []
for k, (name, date) in enumerate(cases):
    r = list(rows[k * 7 % len(rows)])
    r[ID], r[CUST], r[DATE] = "case-%03d" % k, name, date
    out.append(r)
write("cases.csv", H, out)

# customer_id: a ninth built-in field, added as a column
H2 = H[:ID + 1] + ["customer_id"] + H[ID + 1:]
ids = [
    ("Acme", "C-1"), ("Acme Inc", ""), ("ACME", ""),           # joined, with a warning
    ("Delta Foods", "D-1"), ("Delta Foods GmbH", ""),          # joined by a legal form
    ("Zeta Corp", "Z-9"), ("ZETA", ""),                        # joined by a legal form
    ("Gamma Steel", "G-7"), ("Gamma Metals", "G-7"),           # renamed
    ("Beta Bank", "B-1"), ("Beta Bank", "B-2"), ("BETA BANK S.A.", ""),  # kept apart
    ("Eta", "cust 42/7"), ("Eta", ""), ("Theta", "cust 42/7"),
    ("Iota", ""), ("Iota Ltd", ""),
]
out = []
for k, (name, cid) in enumerate(ids * 2):
    r = list(rows[k * 11 % len(rows)])
    r[ID], r[CUST] = "ids-%03d" % k, name
    out.append(r[:ID + 1] + [cid] + r[ID + 1:])
write("ids.csv", H2, out)
PY

# run NAME ARGS...: vmat ARGS; the command in NAME.cmd, its stdout in
# NAME.out, stderr in NAME.err, exit status in NAME.rc
run() {
	name=$1
	shift
	rc=0
	echo "vmat $*" >"$name.cmd"
	"$vmat" "$@" >"$name.out" 2>"$name.err" || rc=$?
	echo "$rc" >"$name.rc"
}
# same A B: the runs A and B printed the same bytes and exited alike
same() {
	for ext in rc out err; do
		if ! cmp -s "$1.$ext" "$2.$ext"; then
			echo "FAIL: these two differ ($ext):"
			echo "  $(cat "$1.cmd")"
			echo "  $(cat "$2.cmd")"
			diff "$1.$ext" "$2.$ext" | head -n 10
			fail=1
		fi
	done
}
# status NAME CODE: run NAME exited with CODE
status() {
	if [ "$(cat "$1.rc")" != "$2" ]; then
		echo "FAIL: $(cat "$1.cmd"): exit status $(cat "$1.rc"), expected $2:"
		head -n 5 "$1.err"
		fail=1
	fi
}

for data in sample respelled cases ids; do
	run "$data.score" score -s "$survey" --threads 2 "$data.csv"
	status "$data.score" 0
	for n in 1 2; do
		run "$data.history.$n" history -s "$survey" --threads $n "$data.csv"
		run "$data.json.$n" history -s "$survey" --threads $n --format json "$data.csv"
	done
	status "$data.history.1" 0
	status "$data.json.1" 0
	same "$data.history.1" "$data.history.2"
	same "$data.json.1" "$data.json.2"
done

python3 - <<'PY' || fail=1
import csv, io, json, os, re, subprocess, sys
from decimal import Decimal
from ref import *

ok = True
def check(cond, msg):
    global ok
    if not cond:
        print("FAIL:", msg)
        ok = False
    return cond

def limited(tag, problems, limit=12):
    """One FAIL line per problem, at most limit of them."""
    for p in problems[:limit]:
        check(False, "%s: %s" % (tag, p))
    if len(problems) > limit:
        check(False, "%s: and %d more like these" % (tag, len(problems) - limit))

DIMS = [d["id"] for d in json.load(open(os.environ["SURVEY"]))["dimensions"]]
HEADER = ("customer,customer_key,id,date,interviewer,stage,stage_id,index,aspiration,gap,"
          "completeness,previous_id,previous_date,months_since_previous,stage_change,"
          "index_change,score_compute,score_compute_change,score_availability,"
          "score_availability_change,score_operations,score_operations_change,score_currency,"
          "score_currency_change,score_desktops,score_desktops_change,score_cloud,"
          "score_cloud_change,score_skills,score_skills_change,score_ambition,"
          "score_ambition_change,score_sponsorship,score_sponsorship_change,"
          "blockers_resolved,blockers_new").split(",")
assert HEADER[16:34:2] == ["score_" + d for d in DIMS]
SAME = (["customer", "id", "date", "interviewer", "stage", "stage_id", "index", "aspiration",
         "gap", "completeness"] + ["score_" + d for d in DIMS])
CHANGES = [("stage_change", "stage"), ("index_change", "index")] + \
          [("score_%s_change" % d, "score_" + d) for d in DIMS]
NUMERIC = ["stage", "index", "aspiration", "gap", "completeness", "months_since_previous"] + \
          [c for c, _ in CHANGES] + ["score_" + d for d in DIMS]
NUMBER = re.compile(r"-?(0|[1-9][0-9]*)(\.[0-9]{0,3}[1-9])?$")   # §6
WARNING = re.compile(r'vmat history: warning: "((?:[^"\\]|\\.)*)" and "((?:[^"\\]|\\.)*)" are '
                     r'taken as one customer \(key "(.*)"\); give them a customer_id or list '
                     r'one as an alias of the other$')

def short(text):
    """text in a message: quoted, cut in the middle when long"""
    return repr(text if len(text) < 80 else text[:30] + "..." + text[-30:])

def unquote(s):
    return re.sub(r"\\(.)", r"\1", s)

def blockers(cell):
    return cell.split(";") if cell else []

def check_run(tag):
    """history of tag.csv against score of it and §9."""
    _, inp = read_csv(tag + ".csv")
    inp = [{"id": r["id"], "customer": unguard(r["customer"]),
            "customer_id": r.get("customer_id", "")} for r in inp]
    name_of = {r["id"]: r["customer"] for r in inp}
    key_of, several = keys(inp)
    _, score = read_csv(tag + ".score.out")
    score = {r["id"]: r for r in score}
    check(len(score) == len(inp), "%s: vmat score wrote %d rows of %d" % (tag, len(score), len(inp)))
    for f in (tag + ".history.1.out", tag + ".json.1.out"):
        e = valid_utf8(f)
        check(e is True, "%s: not UTF-8: %s" % (f, e))
    header, hist = read_csv(tag + ".history.1.out")
    check(header == HEADER, "%s: header %s" % (tag, ",".join(header)))
    ids = [r["id"] for r in hist]
    check(len(ids) == len(set(ids)) and set(ids) == set(score),
          "%s: history has %d rows (%d ids), score %d" % (tag, len(ids), len(set(ids)), len(score)))
    cells, keyp, order, links, mon, chg, blk, fmt = ([] for _ in range(8))
    prev = None
    for n, r in enumerate(hist, 2):
        s = score.get(r["id"])
        if s is None:
            continue
        where = "line %d (%s, %s)" % (n, r["id"], short(r["customer"]))
        diff = [c for c in SAME if r[c] != s[c]]
        if diff:
            cells.append("%s: %s differ from vmat score's" % (where, ",".join(diff)))
        if s["customer"] != guard(name_of[r["id"]]):
            cells.append("%s: customer %r is not the input's, guarded" % (where, s["customer"]))
        want = key_of[r["id"]]
        if r["customer_key"] != want:
            keyp.append("%s: customer_key %s, expected %s"
                        % (where, short(r["customer_key"]), short(want)))
        sort = (r["customer_key"].encode("utf-8", "surrogateescape"), r["date"].encode(),
                r["id"].encode())
        same_customer = prev is not None and prev["customer_key"] == r["customer_key"]
        if prev is not None and not prev_sort < sort:
            order.append("%s comes after %s" % (where, prev["id"]))
        p = prev if same_customer else None
        want = (p["id"], p["date"]) if p else ("", "")
        if (r["previous_id"], r["previous_date"]) != want:
            links.append("%s: previous %s %s, expected %s %s"
                         % (where, r["previous_id"], r["previous_date"], *want))
        want = str(months(p["date"], r["date"])) if p else ""
        if (Decimal(r["months_since_previous"]) if r["months_since_previous"] else "") != \
                (Decimal(want) if want else ""):
            mon.append("%s: %s months since %s, expected %r"
                       % (where, r["months_since_previous"], p and p["date"], want))
        for c, v in CHANGES:
            if not p or not r[v] or not p[v]:
                if r[c] != "":
                    chg.append("%s: %s %r, expected empty" % (where, c, r[c]))
            elif not r[c] or abs(Decimal(r[c]) - (Decimal(r[v]) - Decimal(p[v]))) > Decimal("0.0001"):
                chg.append("%s: %s %r, expected %s - %s" % (where, c, r[c], r[v], p[v]))
        if p:
            b_now, b_then = blockers(s["blockers"]), blockers(score[p["id"]]["blockers"])
            want = (";".join(b for b in b_then if b not in b_now),
                    ";".join(b for b in b_now if b not in b_then))
        else:
            want = ("", "")
        if (r["blockers_resolved"], r["blockers_new"]) != want:
            blk.append("%s: blockers resolved %r new %r, expected %r %r"
                       % (where, r["blockers_resolved"], r["blockers_new"], *want))
        for c in NUMERIC:
            if r[c] and not NUMBER.match(r[c]) or r[c] == "-0":
                fmt.append("%s: %s %r" % (where, c, r[c]))
        prev, prev_sort = r, sort
    for what, problems in [("cells", cells), ("customer_key", keyp), ("order", order),
                           ("previous", links), ("months_since_previous", mon),
                           ("changes", chg), ("blockers", blk), ("numbers", fmt)]:
        limited("%s: %s" % (tag, what), problems)

    # Messages: one warning per customer whose names differ in more than
    # case, accents and punctuation; the several-customer_id warning
    warn, names = expected_warnings(inp, key_of)
    got, other = {}, []
    mine = {r["customer_key"]: key_of[r["id"]] for r in hist if r["id"] in key_of}
    for line in open(tag + ".history.1.err", encoding="utf-8", errors="replace"):
        line = line.rstrip("\n")
        m = WARNING.match(line)
        if m:
            a, b, k = unquote(m.group(1)), unquote(m.group(2)), m.group(3)
            k = mine.get(k, k)          # a wrong key is reported above
            check(k not in got, "%s: two warnings for key %r" % (tag, k))
            got[k] = (a, b)
            check(a in names.get(k, ()) and b in names.get(k, ()) and fold(a) != fold(b),
                  "%s: %s: not two names of that customer differing in more than case, "
                  "accents and punctuation" % (tag, line))
        elif not any(re.match(r'vmat history: warning: .*"%s"' % re.escape(i["customer"]), line)
                     for i in inp if not i["customer_id"] and name_key(i["customer"]) in several):
            other.append(line)
    limited(tag + ": messages", ["unexpected: " + l for l in other])
    limited(tag + ": a warning for a customer whose names differ only in case, accents or "
            "punctuation", ["key %r: %r and %r" % (k, *got[k]) for k in sorted(set(got) - set(warn))])
    limited(tag + ": no warning for a customer whose names differ by a legal form",
            ["key %r: %s" % (k, sorted(warn[k])) for k in sorted(set(warn) - set(got))])
    for k in several:
        check(any(k in l or any(i["customer"] in l for i in inp if name_key(i["customer"]) == k)
                  for l in open(tag + ".history.1.err", encoding="utf-8")),
              "%s: no warning for %r, a name with several customer_ids" % (tag, k))

    # --format json: the same values; blockers null at a first interview, [] unchanged
    lines = open(tag + ".json.1.out", encoding="utf-8", errors="surrogateescape").read().splitlines()
    check(len(lines) == len(hist), "%s: %d JSON lines for %d CSV rows" % (tag, len(lines), len(hist)))
    bad = []
    kinds = set()
    for n, (line, r) in enumerate(zip(lines, hist), 1):
        o = json.loads(line, object_pairs_hook=lambda p: p, parse_float=str, parse_int=str)
        if [k for k, _ in o] != HEADER:
            bad.append("line %d: keys %s" % (n, [k for k, _ in o]))
            continue
        for k, v in o:
            if k in ("blockers_resolved", "blockers_new"):
                want = None if not r["previous_id"] else blockers(r[k])
                kinds.add("null" if v is None else "[]" if v == [] else "ids")
            elif r[k] == "":
                want = None
            elif k in NUMERIC:
                want = r[k]
            else:
                want = v if isinstance(v, str) and guard(v) == r[k] else r[k]
            if v != want:
                bad.append("line %d: %s is %r, and %r in CSV" % (n, k, v, r[k]))
    limited(tag + ": --format json", bad)
    if tag == "sample":
        check(kinds == {"null", "[]", "ids"}, "sample: JSON blockers only %s" % kinds)
    return header, hist, warn, names

result = {}
for tag in ["sample", "respelled", "cases", "ids"]:
    result[tag] = check_run(tag)

# The respelled names: the same rows but for the customer column
_, a, warn_a, names_a = result["sample"]
_, b, warn_b, names_b = result["respelled"]
diff = [(x["id"], c) for x, y in zip(a, b) for c in HEADER if c != "customer" and x[c] != y[c]]
check(len(a) == len(b) and not diff, "respelled: %d rows, %d before; differing %s"
      % (len(b), len(a), diff[:5]))
check(sum(x["customer"] != y["customer"] for x, y in zip(a, b)) > 800,
      "respelled: few names differ in the history")

# (the warnings were checked above; that the respelling exercised them:)
pure = [k for k, v in names_b.items() if len(v) > len(names_a.get(k, ())) and k not in warn_b]
legal = set(warn_b) - set(warn_a)
check(len(pure) >= 50 and len(legal) >= 10, "respelled: %d customers respelled without a "
      "warning expected, %d with one" % (len(pure), len(legal)))
print("respelled: %d customers with names that differ in case, accents or punctuation only, "
      "%d more with names that differ by a legal form" % (len(pure), len(legal)))

# -c NAME: the customer's rows, as in the whole output
def history(*args):
    p = subprocess.run([os.environ["VMAT"], "history", "-s", os.environ["SURVEY"], *args],
                       capture_output=True)
    return p.returncode, p.stdout.decode("utf-8", "surrogateescape"), p.stderr.decode(errors="replace")

rows_b = result["respelled"][1]
by_key = {}
for r in rows_b:
    by_key.setdefault(r["customer_key"], []).append(r)
latin1 = {k: v for k, v in by_key.items()    # names that str.upper() keeps apart
          if all(ord(c) <= 0xFF for x in v for c in x["customer"])}
warned = [k for k, v in latin1.items() if len({fold(x["customer"]) for x in v}) > 1]
single = [k for k, v in latin1.items() if len(v) == 1]
many = max(latin1, key=lambda k: (len(by_key[k]), k))
picks = [
    ("respelled", warned[0], by_key[warned[0]][0]["customer"].upper() + ", Inc."),
    ("respelled", warned[-1], warned[-1]),
    ("respelled", single[0], by_key[single[0]][0]["customer"]),
    ("respelled", many, "  " + many.replace(" ", " - ").title() + " S.A. "),
    ("cases", "banco del sur", "Banco del Sur S.A."),
    ("ids", "id:C-1", "C-1"),
    ("ids", "id:cust 42/7", "cust 42/7"),
]
for tag, key, name in picks:
    for args in (["-c", name, tag + ".csv"], [tag + ".csv", "--customer=" + name]):
        rc, out, err = history(*args)
        want = [HEADER] + [[r[c] for c in HEADER] for r in result[tag][1] if r["customer_key"] == key]
        got = list(csv.reader(io.StringIO(out, newline="")))
        check(rc == 0 and got == want, "vmat history %s: status %d, %d rows, not the %d "
              "rows of %r in the whole output" % (" ".join(args), rc, len(got) - 1,
                                                  len(want) - 1, key))
# a name with no interview: an error, with the nearest name when one is close
near = by_key[many][0]["customer"]
typo = near[:2] + near[3:]
for name, close in [(typo, True), ("Qqqq Zzzz Xxxx", False)]:
    rc, out, err = history("-c", name, "respelled.csv")
    m = re.search(r'^vmat history: error: no interview of customer "(.*)" in the inputs'
                  r'(; did you mean "(.*)"\?)?$', err, re.M)
    check(rc == 1 and m and unquote(m.group(1)) == name and (not close or m.group(2)),
          "vmat history -c %r: status %d, stderr %r" % (name, rc, err[-300:]))
    if m and m.group(3):
        check(unquote(m.group(3)) in {r["customer"] for r in rows_b},
              "-c %r: did you mean %r, not a name in the data" % (name, m.group(3)))
print("history: %d interviews of %d customers; %d rows in the small cases"
      % (len(rows_b), len(by_key), len(result["cases"][1]) + len(result["ids"][1])))
sys.exit(0 if ok else 1)
PY

# built with -Db_sanitize: no report from any run
if grep -l -e 'Sanitizer' -e 'runtime error:' ./*.err; then
	echo "FAIL: a sanitizer report in the files above"
	fail=1
fi
exit $fail
