#!/bin/sh
# --threads N changes nothing but the speed. Bulk CSV is cut into chunks of
# whole records by a quote-aware state machine on one thread and the chunks
# are read and scored on N threads; a directory of responses is cut into
# parts of 32 files. Whatever N, vmat must print the same bytes on standard
# output and standard error, in input order, errors included, and exit alike.
#
# The data (generated with a fixed seed) is made to trip a wrong record
# boundary: a 3.5 MB bulk CSV where nearly every record has a quoted cell
# with line ends inside (LF and CRLF), doubled quotes, commas and accents,
# CRLF and LF record ends, blank lines, a BOM, no line end at the end,
# records of varied lengths (so the ~27 chunk cuts and the 64 KiB reads fall
# at varied places in them), and about 1% invalid records of seven kinds
# (bad region, number, choice and scale values, a stray quote in a one-line
# or a multi-line record, text after a closing quote, too many cells) spread
# over the whole file; plus 300 response files in a directory with a
# subdirectory and 3 invalid files.
#
# Checked: score (csv, json, --skip-invalid, standard input: the same as the
# file but for its name in messages), report (--by,
# --latest, -o DIR, with and without --skip-invalid), export and explain,
# 1 thread against 2, 3, 5 or 8. And, independently of vmat, the rows
# scored: the ids, customers, regions and dates of the valid records, in
# order, as Python's csv module reads the file; one error per invalid record,
# in order, on a physical line of that record.
# Usage: threads.sh VMAT ROOT
set -eu
case $1 in /*) vmat=$1 ;; *) vmat=$PWD/$1 ;; esac
case $2 in /*) root=$2 ;; *) root=$PWD/$2 ;; esac
survey=$root/tests/data/mini.json
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$tmp"
export LC_ALL=C.UTF-8 TZ=UTC

# big.csv, small.csv, expected-*.json; dir/ with its expected-dir.json
python3 - <<'PY'
import json, os, random

rng = random.Random(20240605)
REGIONS = ["LATAM", "NA", "EMEA", "APJ"]
DRS = ["none", "plan", "tested", "unknown"]
WORDS = ["Acme", "Andes Retail", "Banco del Sur, S.A.", "Rhein Logistik", "Koala Air",
         "Café Niño", "Łódź Zakład", "Zürich Rück", "São Paulo", "Ørsted & Søn",
         'The ""Big"" One', "Crème brûlée, Ltd", "Señal", "東京", "Branch", "Level 3",
         "Av. Providencia 1234", "Suite 5, floor 2", "c/o Mr. O'Brien", "x"]
DATES = ["%04d-%02d-%02d" % (rng.randint(2009, 2014), rng.randint(1, 12), rng.randint(1, 28))
         for _ in range(200)]

def q(v):
    return '"' + v.replace('"', '""') + '"'

def customer_text():
    """A customer name of 2 to 6 lines (1 line in 3%), LF or CRLF between
    them, 1 to 120 bytes each."""
    nl = "\r\n" if rng.random() < 0.3 else "\n"
    lines = []
    for _ in range(rng.choice([2, 2, 2, 3, 3, 4, 6]) if rng.random() < 0.97 else 1):
        words = [rng.choice(WORDS).replace('""', '"') for _ in range(rng.randint(1, 6))]
        lines.append(" ".join(words)[: rng.randint(1, 120)].strip() or "x")
    return nl.join(lines)

CUSTOMERS = [customer_text() for _ in range(1500)]  # the same names recur: --latest
KINDS = ["region", "pct", "stray", "stray-late", "after-quote", "cells", "dr", "goal"]

def generate(name, size, prefix):
    out = ["\ufeffid,customer,region,date,pct,dr,goal\r\n"]
    line, nbytes, i = 2, 0, 0
    expected, invalid, records = [], [], 0
    while nbytes < size:
        i += 1
        rid = "%s%05d" % (prefix, i)
        cust = rng.choice(CUSTOMERS)
        region = rng.choice(REGIONS)
        date = rng.choice(DATES)
        pct = "" if rng.random() < 0.05 else str(rng.randint(0, 100))
        dr = rng.choice(DRS + ["", "n/a:constraint"])
        goal = "" if rng.random() < 0.05 else str(rng.randint(0, 4))
        kind = rng.choice(KINDS) if rng.random() < 0.01 else None
        cells = [q(rid) if rng.random() < 0.1 else rid, q(cust),
                 q(region.lower()) if rng.random() < 0.05 else region,
                 q(date) if rng.random() < 0.1 else date, pct, dr, goal]
        if kind == "region":
            cells[2] = "Mars"
        elif kind == "pct":
            cells[4] = rng.choice(["101", "-1", "150"])
        elif kind == "stray":          # one line: the record ends at its line end
            cells[1] = 'Stray "Q" Co %d' % i
            cells[2:] = [region, date, pct, dr, goal]
        elif kind == "stray-late":     # after a multi-line customer
            cells[2:] = [region, date, pct, 'pl"an', goal]
        elif kind == "after-quote":
            cells[1] = q(cust) + "x"
            cells[2:] = [region, date, pct, dr, goal]
        elif kind == "cells":
            cells.append(rng.choice(["extra", q("two\nlines")]))
        elif kind == "dr":
            cells[5] = "maybe"
        elif kind == "goal":
            cells[6] = rng.choice(["5", "2.5"])
        rec = ",".join(cells)
        end = "\r\n" if rng.random() < 0.3 else "\n"
        if nbytes + len(rec) >= size and name == "big.csv":
            end = ""                   # the last record without a line end
        if kind:
            invalid.append({"id": rid, "first": line, "last": line + rec.count("\n"), "kind": kind})
        else:
            expected.append([rid, cust, region, date])
        records += 1
        text = rec + end
        if rng.random() < 0.05 and end:
            text += rng.choice(["\n", "\r\n", "\n\n"])   # blank lines
        out.append(text)
        line += text.count("\n")
        nbytes += len(text.encode())
    with open(name, "w", encoding="utf-8", newline="") as f:
        f.write("".join(out))
    with open("expected-" + name + ".json", "w") as f:
        json.dump({"valid": expected, "invalid": invalid, "records": records}, f)
    return expected

valid = generate("big.csv", 3_500_000, "t")
generate("small.csv", 400_000, "s")

# 300 response files: 260 in dir/, 37 in dir/sub/, 3 invalid; ids in the
# byte order of the paths, as vmat takes them.
os.makedirs("dir/sub")
rows = rng.sample(valid, 297)
paths = ["dir/%03d.json" % k for k in range(260)] + ["dir/sub/%03d.json" % k for k in range(40)]
bad = {paths[40]: "region", paths[170]: "syntax", paths[285]: "survey"}
expected_dir = []
for path in paths:
    kind = bad.get(path)
    rid, cust, region, date = rows.pop() if not kind else ("bad-" + path, "Bad", "NA", "2011-01-01")
    answers = {"pct": rng.randint(0, 100), "dr": rng.choice(DRS), "goal": rng.randint(0, 4)}
    if rng.random() < 0.1:
        answers["dr"] = {"na": "constraint"}
    doc = {"format": "vmat-response/1", "survey": "mini" if kind != "survey" else "journey",
           "survey_version": 1, "id": "j" + rid, "customer": cust,
           "region": region if kind != "region" else "Mars", "date": date, "answers": answers}
    text = json.dumps(doc, ensure_ascii=False, indent=2) + "\n"
    if kind == "syntax":
        text = text.replace('"answers":', '"answers"')
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)
    if not kind:
        expected_dir.append("j" + rid)
assert sorted(paths) == paths
with open("expected-dir.json", "w") as f:
    json.dump(expected_dir, f)
PY

fail=0
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

# 2. vmat score: the same bytes for any N, from the file or standard input
for n in 1 2 3 8; do
	run score.$n score -s "$survey" --threads $n big.csv
	[ $n = 1 ] || same score.1 score.$n
done
status score.1 1
for n in 1 2; do
	run stdin.$n score -s "$survey" --threads $n - <big.csv
	sed 's/^-:/big.csv:/' stdin.$n.err >stdin.$n.err.tmp
	mv stdin.$n.err.tmp stdin.$n.err
	same score.1 stdin.$n
done
for opt in "--format json" --skip-invalid; do
	run score-opt.1 score -s "$survey" --threads 1 $opt big.csv
	run score-opt.2 score -s "$survey" --threads 2 $opt big.csv
	same score-opt.1 score-opt.2
done
status score-opt.1 0

# 3. The records vmat found, against Python's csv module and the generator
python3 - <<'PY' || fail=1
import csv, json, re, sys

exp = json.load(open("expected-big.csv.json"))
ok = True
def check(cond, msg):
    global ok
    if not cond:
        print("FAIL:", msg)
        ok = False

# Python reads the same records, in order (invalid ones included)
with open("big.csv", encoding="utf-8-sig", newline="") as f:
    rows = [r for r in csv.reader(f) if r][1:]
check(len(rows) == exp["records"], "python's csv reads %d records, the generator wrote %d"
      % (len(rows), exp["records"]))
bad = {b["id"] for b in exp["invalid"]}
py_valid = [r for r in rows if r[0] not in bad]
check([r[:2] for r in py_valid] == [v[:2] for v in exp["valid"]],
      "python's csv does not read back the valid records the generator wrote")

# vmat scored exactly the valid records, in order, their cells intact
with open("score.1.out", encoding="utf-8", newline="") as f:
    got = [r[:4] for r in csv.reader(f)][1:]
want = exp["valid"]
check(len(got) == len(want), "vmat score wrote %d rows, expected %d" % (len(got), len(want)))
for k, (g, w) in enumerate(zip(got, want)):
    if g != w:
        check(False, "row %d of vmat score: %r, expected %r" % (k + 1, g, w))
        break

# one error per invalid record, in order, on one of its physical lines
errors = [l for l in open("score.1.err", encoding="utf-8") if ": error: " in l]
check(len(errors) == len(exp["invalid"]),
      "%d error lines for %d invalid records" % (len(errors), len(exp["invalid"])))
for e, b in zip(errors, exp["invalid"]):
    m = re.match(r"big\.csv:(\d+): error: ", e)
    if not m or not b["first"] <= int(m.group(1)) <= b["last"]:
        check(False, "error %r is not on lines %d-%d of the invalid record %s (%s)"
              % (e.strip(), b["first"], b["last"], b["id"], b["kind"]))
        break
last = open("score.1.err", encoding="utf-8").read().splitlines()[-1]
check(last == "vmat score: %d of %d responses invalid" % (len(exp["invalid"]), exp["records"]),
      "last message: " + last)
kinds = {b["kind"] for b in exp["invalid"]}
check(len(kinds) == 8, "only these kinds of invalid records: %s" % sorted(kinds))
print("score: %d records, %d valid, %d errors" % (exp["records"], len(want), len(errors)))
sys.exit(0 if ok else 1)
PY

# 4. report and export: 1 thread against 2, all inputs valid or not
for opts in "--by region" "--by region,quarter --latest"; do
	for skip in "" --skip-invalid; do
		run report.1 report -s "$survey" --threads 1 $opts $skip big.csv
		run report.2 report -s "$survey" --threads 2 $opts $skip big.csv
		same report.1 report.2
		if [ -z "$skip" ] && { [ -s report.1.out ] || [ "$(cat report.1.rc)" != 1 ]; }; then
			echo "FAIL: report $opts of invalid input: status 1 and nothing on stdout expected"
			fail=1
		fi
	done
done
status report.1 0
for n in 1 2; do	# the same -o name for both: it may be in messages
	run report-o.$n report -s "$survey" --threads $n --skip-invalid --charts none -o out big.csv
	mv out out.$n || { echo "FAIL: report -o out wrote no out/"; fail=1; }
	run report-o-invalid.$n report -s "$survey" --threads $n --charts none -o out big.csv
	if [ -e out ]; then
		echo "FAIL: report -o out of invalid input wrote out/"
		fail=1
		rm -rf out
	fi
done
same report-o.1 report-o.2
same report-o-invalid.1 report-o-invalid.2
status report-o.1 0
status report-o-invalid.1 1
diff -r out.1 out.2 || { echo "FAIL: report -o: the files differ"; fail=1; }
for skip in "" --skip-invalid; do
	run export.1 export -s "$survey" --threads 1 $skip big.csv
	run export.2 export -s "$survey" --threads 2 $skip big.csv
	same export.1 export.2
done
status export.1 0
run explain.1 explain -s "$survey" --threads 1 small.csv
run explain.2 explain -s "$survey" --threads 2 small.csv
same explain.1 explain.2

# 5. A directory of responses, and inputs of every kind in one call
for n in 1 2 5; do
	run dir.$n score -s "$survey" --threads $n dir
	[ $n = 1 ] || same dir.1 dir.$n
	run mix.$n score -s "$survey" --threads $n big.csv dir missing.csv small.csv
	[ $n = 1 ] || same mix.1 mix.$n
done
status dir.1 1
status mix.1 1
python3 - <<'PY' || fail=1
import csv, json, sys
want = json.load(open("expected-dir.json"))
with open("dir.1.out", encoding="utf-8", newline="") as f:
    got = [r[0] for r in csv.reader(f)][1:]
errors = [l for l in open("dir.1.err", encoding="utf-8") if ": error: " in l]
if got != want or len(errors) != 3:
    print("FAIL: the directory: %d rows (%d expected), %d errors (3 expected)"
          % (len(got), len(want), len(errors)))
    sys.exit(1)
PY

# built with -Db_sanitize: no report from any run
if grep -l -e 'Sanitizer' -e 'runtime error:' ./*.err; then
	echo "FAIL: a sanitizer report in the files above"
	fail=1
fi
if [ $fail = 0 ]; then
	echo "threads: the same output for 1, 2, 3, 5 and 8 threads"
fi
exit $fail
