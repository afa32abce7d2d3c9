#!/bin/sh
# vmat sample: the same bytes for the same seed, other data for another
# seed; rows that vmat score reads without an error or a warning (also
# under --strict); about 10% of answers empty; names that need CSV quoting;
# several regions, years and stages.
# Usage: sample.sh VMAT ROOT
set -eu
vmat=$1 root=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$tmp"
journey=$root/surveys/journey.json bench=$root/bench/survey.json
status=0
fail() {
	echo "FAIL: $*"
	status=1
}

"$vmat" sample -s "$journey" -n 500 --seed 42 > a.csv
"$vmat" sample -s "$journey" -n 500 --seed 42 > b.csv
"$vmat" sample -s "$journey" -n 500 --seed 43 > c.csv
cmp -s a.csv b.csv || fail "the same seed gave other bytes"
cmp -s a.csv c.csv && fail "another seed gave the same bytes"
[ "$(wc -l < a.csv)" -eq 501 ] || fail "500 rows and a header expected, got $(wc -l < a.csv) lines"

for name in journey bench; do
	eval survey=\$$name
	"$vmat" sample -s "$survey" -n 2000 > "$name.csv"
	for strict in "" --strict; do
		if ! "$vmat" score -s "$survey" $strict "$name.csv" > scores.csv 2> err; then
			fail "$name: vmat score $strict failed"
		fi
		[ -s err ] && { fail "$name: vmat score $strict wrote to stderr:"; head -5 err; }
		[ "$(wc -l < scores.csv)" -eq 2001 ] || fail "$name: not every row was scored"
	done
	# ids: the first column, never quoted
	[ -z "$(tail -n +2 "$name.csv" | cut -d, -f1 | sort | uniq -d)" ] ||
		fail "$name: an id is repeated"
	"$vmat" report -s "$survey" --by region "$name.csv" > regions.csv
	"$vmat" report -s "$survey" --by year "$name.csv" > years.csv
	[ "$(wc -l < regions.csv)" -gt 2 ] || fail "$name: a single region"
	[ "$(wc -l < years.csv)" -gt 2 ] || fail "$name: a single year"
	# a customer has one region: the sum over the regions counts them all
	# (about 2000 / 3, drawn with repetition)
	customers=$(awk -F, 'NR > 1 { n += $3 } END { print n }' regions.csv)
	[ "$customers" -ge 500 ] && [ "$customers" -le 667 ] ||
		fail "$name: $customers distinct customers, about 630 expected"
	# no stage holds most of the responses
	awk -F, -v name="$name" '
		NR == 1 { for (i = 1; i <= NF; i++) if ($i ~ /^stage[0-9]$/) col[i] = $i; next }
		{ for (i in col) n[col[i]] += $i; total += $2 }
		END {
			for (s in n) if (n[s] > 0.7 * total) { print name ": " s " holds " n[s] " of " total; bad = 1 }
			exit bad
		}' regions.csv || fail "$name: stages not spread"
done

# bench: id,customer,region,segment,date,q01..q40; answers never hold a comma
head -1 bench.csv | grep -qx 'id,customer,region,segment,date,q01,q02,q03,q04,q05,q06,q07,q08,q09,q10,q11,q12,q13,q14,q15,q16,q17,q18,q19,q20,q21,q22,q23,q24,q25,q26,q27,q28,q29,q30,q31,q32,q33,q34,q35,q36,q37,q38,q39,q40' ||
	fail "bench: unexpected header: $(head -1 bench.csv)"
share=$(awk -F, 'NR > 1 { for (i = NF - 39; i <= NF; i++) { n++; e += $i == "" } }
	END { printf "%d", 1000 * e / n }' bench.csv)
[ "$share" -ge 70 ] && [ "$share" -le 130 ] ||
	fail "bench: $share per mille of the answers empty, 70 to 130 expected"

# customer names that need quoting: a comma, a doubled quote
grep -Eq '^[0-9a-f-]+,"([^"]|"")*,' journey.csv || fail "no quoted customer with a comma"
grep -Eq '^[0-9a-f-]+,"([^"]|"")*""' journey.csv || fail "no customer with a doubled quote"
exit $status
