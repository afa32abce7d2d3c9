#!/bin/sh
# Each response is read once, whatever the number of threads. A 2.3 MB bulk
# CSV (about 18 chunks of 128 KiB, cut on 1, 2 and 4 threads) holds 18,000
# responses and, about one chunk after each block of them, copies of that
# block's rows: nine in ten the same (duplicates), one in ten with another
# answer (conflicts). A copy thus often sits in the chunk after its
# original, which another thread may read first: the later copy must still
# be the one left out. Some copies come again in a directory of response
# files, which must count as duplicates of the CSV rows (the same content
# read from JSON).
#
# Checked, independently of vmat: the ids scored are the originals', in
# order; the closing counts of duplicates and conflicts; one error per
# conflict naming its line and the original's. Then score, export, report
# (by region: its aggregate is kept per thread; with -o and --latest: in
# input order; with --skip-invalid: in input order too) give the same bytes,
# standard error included, on 1, 2 and 4 threads.
# Usage: dedup.sh VMAT ROOT
set -eu
case $1 in /*) vmat=$1 ;; *) vmat=$PWD/$1 ;; esac
case $2 in /*) root=$2 ;; *) root=$PWD/$2 ;; esac
survey=$root/tests/data/mini.json
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$tmp"
export LC_ALL=C.UTF-8 TZ=UTC

"$vmat" sample -s "$survey" -n 18000 --seed 11 > base.csv
python3 - <<'PY'
import csv, json, os

rows = list(csv.reader(open("base.csv", newline="")))
header, rows = rows[0], rows[1:]
PCT = header.index("pct")
GOAL = header.index("goal")
out = [header]
lines = {}          # id -> line of the original
expect_ids = []     # ids scored, in order
conflicts = []      # (line, original line)
dups = 0
BLOCK = 700
blocks = [rows[i:i + BLOCK] for i in range(0, len(rows), BLOCK)]
for k, block in enumerate(blocks + [[]]):
    for r in block:
        out.append(r)
        lines[r[0]] = len(out)
        expect_ids.append(r[0])
    if k == 0:
        continue
    for j, r in enumerate(blocks[k - 1]):
        if j % 3:
            continue
        c = list(r)
        if j % 10 == 0:
            # another answer: a percent, or a scale's 0 and 2 swapped
            # (their doubles differ in the top bits only)
            if j % 20 == 0 and c[GOAL] in ("0", "2"):
                c[GOAL] = "2" if c[GOAL] == "0" else "0"
            else:
                c[PCT] = "99" if c[PCT] != "99" else "98"
            conflicts.append((len(out) + 1, lines[r[0]]))
        else:
            dups += 1
        out.append(c)
with open("dup.csv", "w", newline="") as f:
    csv.writer(f, lineterminator="\n").writerows(out)
conflicting = set(line for line, _ in conflicts)
with open("same.csv", "w", newline="") as f:
    csv.writer(f, lineterminator="\n").writerows(
        r for i, r in enumerate(out, 1) if i not in conflicting)

# Twenty originals again as response files: duplicates of their rows.
os.mkdir("dir")
names = header
for r in rows[5000:5020]:
    doc = {"format": "vmat-response/1", "survey": "mini", "survey_version": 1, "answers": {}}
    for name, v in zip(names, r):
        if v == "":
            continue
        if v == "n/a" or v.startswith("n/a:"):
            doc["answers"][name] = {"na": v[4:] or None}
        elif name in ("pct", "goal"):
            doc["answers"][name] = int(v)
        elif name == "dr":
            doc["answers"][name] = v
        else:
            doc[name] = v
    json.dump(doc, open("dir/%s.json" % r[0], "w"))
dups += 20
with open("expected-ids", "w") as f:
    f.write("\n".join(expect_ids) + "\n")
with open("expected-stderr", "w") as f:
    for line, orig in conflicts:
        f.write("dup.csv:%d: error: id \"%s\": conflicts with dup.csv:%d "
                "(the same id, other content)\n" % (line, out[line - 1][0], orig))
    f.write("vmat score: warning: read once: %d duplicate responses (the same id and content)\n"
            % dups)
    f.write("vmat score: %d of %d responses invalid\n"
            % (len(conflicts), len(expect_ids) + len(conflicts)))
PY

fail=0
check() {
	if ! cmp -s "$1" "$2"; then
		echo "differs: $1 $2"
		diff "$1" "$2" | head -5
		fail=1
	fi
}

# Against the expectation made without vmat.
status=0
"$vmat" score --threads 2 -s "$survey" dup.csv dir > score.csv 2> score.err || status=$?
[ "$status" = 1 ] || { echo "score: status $status, expected 1"; fail=1; }
tail -n +2 score.csv | cut -d, -f1 > ids
check expected-ids ids
check expected-stderr score.err

# The same bytes on every thread count.
for t in 1 2 4; do
	s=0
	"$vmat" score --threads $t -s "$survey" dup.csv dir > score.$t 2>&1 || s=$?
	echo "status $s" >> score.$t
	s=0
	"$vmat" export --threads $t -s "$survey" dup.csv dir > export.$t 2>&1 || s=$?
	echo "status $s" >> export.$t
	i=0
	for opts in "" "--skip-invalid" "--skip-invalid --latest" "--skip-invalid -o out"; do
		i=$((i + 1))
		name=report$i.$t
		s=0
		# shellcheck disable=SC2086
		"$vmat" report --threads $t -s "$survey" --charts none $opts dup.csv dir > "$name" 2>&1 ||
			s=$?
		echo "status $s" >> "$name"
	done
	mv out out$t
	# duplicates only: the aggregate kept per thread
	"$vmat" report --threads $t -s "$survey" --charts none same.csv dir > same.$t 2> same-err.$t
done
for f in score export report1 report2 report3 report4; do
	check $f.1 $f.2
	check $f.1 $f.4
done
for f in summary.csv responses.csv report.md; do
	check out1/$f out2/$f
	check out1/$f out4/$f
done

# Left out, the later versions leave no trace: the report of the originals.
"$vmat" report --threads 2 -s "$survey" --charts none -o orig base.csv 2>/dev/null
check orig/summary.csv out2/summary.csv
check orig/responses.csv out2/responses.csv
"$vmat" report --threads 2 -s "$survey" base.csv > orig.txt
n=$(($(grep -c . same.csv) - 18001 + 20))
echo "vmat report: warning: read once: $n duplicate responses (the same id and content)" \
	> expected-same-err
for t in 1 2 4; do
	check orig.txt same.$t
	check expected-same-err same-err.$t
done
exit $fail
