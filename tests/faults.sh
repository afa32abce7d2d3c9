#!/bin/sh
# Faults: a report killed (SIGKILL) while it writes leaves the old report or the
# new one, never a part; a full disk (a small tmpfs, as root) gives exit 1, a
# message, and the old files intact; an interview whose disk fills up keeps its
# last good draft.
# Usage: faults.sh VMAT ROOT
set -eu
vmat=$1 root=$2
tmp=$(mktemp -d)
cleanup() {
	status=$?
	tmux -S "$tmp/tmux.sock" kill-server 2>/dev/null || true
	umount "$tmp/full" "$tmp/full2" 2>/dev/null || true
	rm -rf "$tmp"
	exit $status
}
trap cleanup EXIT
cd "$tmp"
survey=$root/tests/data/mini.json
# 300,000 rows: long enough to be killed in the middle
awk 'BEGIN {
	print "id,customer,region,date,pct,dr,goal"
	for (i = 0; i < 300000; i++) printf "x%d,Customer %d,NA,2012-05-01,%d,plan,2\n", i, i % 977, i % 101
}' > big.csv
"$vmat" report -s "$survey" --charts none -o new big.csv 2>/dev/null
"$vmat" report -s "$survey" --charts none -o old "$root/tests/data/mini.csv" 2>/dev/null
files="summary.csv summary-long.csv responses.csv report.md report.html"
fail=0
for delay in 0.05 0.2 0.4 0.8 1.5; do
	rm -rf out
	cp -R old out
	"$vmat" report -s "$survey" --charts none -o out big.csv 2>/dev/null &
	pid=$!
	sleep "$delay"
	kill -9 "$pid" 2>/dev/null || true
	wait "$pid" 2>/dev/null || true
	state=
	for f in $files; do
		if cmp -s "out/$f" "old/$f"; then
			state="$state old"
		elif cmp -s "out/$f" "new/$f"; then
			state="$state new"
		else
			state="$state PARTIAL:$f"
			fail=1
		fi
	done
	case $state in *old*new* | *new*old*) fail=1; state="$state (mixed)" ;; esac
	echo "killed after ${delay}s:$state" >> kills.log
done
case $(cat kills.log) in *PARTIAL* | *mixed*) cat kills.log; fail=1 ;; esac
echo "SIGKILL while writing: never a partial or mixed report"
sort -u -k4 kills.log | sed "s/killed after [0-9.]*s: */seen: /" | sort -u >&2

if [ "$(id -u)" != 0 ] || ! mkdir full || ! mount -t tmpfs -o size=96k tmpfs full 2>/dev/null; then
	echo "full disk: skipped (needs root and a tmpfs mount)"
	rmdir full 2>/dev/null || true
	exit $fail
fi
"$vmat" report -s "$survey" --charts none -o full/report "$root/tests/data/mini.csv" 2>/dev/null
cp -R full/report before
check() {	# check WHAT CONDITION...
	what=$1
	shift
	if "$@"; then echo "full disk: $what"; else echo "full disk: NOT $what"; fail=1; fi
}
status=0
"$vmat" report -s "$survey" --charts none -o full/report big.csv 2> err || status=$?
check "report exits 1" test "$status" = 1
check "the message says why" grep -q "No space left on device" err
check "the old report is intact" diff -r before full/report
check "no temporary file is left" test -z "$(ls -A full/report | grep '^\.')"
status=0
"$vmat" score -s "$survey" big.csv > full/scores.csv 2> err || status=$?
check "score > file exits 1 with a message" test "$status" = 1 -a -n "$(grep 'No space left' err)"

# An interview whose disk fills up: the failed save is reported, the last good
# draft is kept, and the interview goes on.
mkdir full2
mount -t tmpfs -o size=64k tmpfs full2
SOCK=$tmp/tmux.sock
T="tmux -S $SOCK -f /dev/null"
screen() { $T capture-pane -p -J -S - -t t; }
wait_for() {
	i=0
	until screen | grep -qF -- "$1"; do
		i=$((i + 1))
		if [ "$i" -ge 200 ]; then echo "timeout waiting for: $1"; screen; fail=1; return 1; fi
		sleep 0.05
	done
}
type_line() { $T send-keys -t t -l "$1"; $T send-keys -t t Enter; }
$T new-session -d -s t -x 150 -y 50 "trap '' INT; NO_COLOR=1 $vmat interview -s $survey -o $tmp/full2"
wait_for "Customer: " && type_line "Full Disk Ltd"
wait_for "a number or a name: " && type_line "1"
wait_for "Date [" && type_line "2012-01-01"
for f in Interviewer Country Segment Industry "Customer id"; do wait_for "$f (optional)" && type_line ""; done
wait_for "[1/3] Compute" && type_line "45"
wait_for "Disaster recovery?"
dd if=/dev/zero of=full2/filler bs=1k count=1000 2>/dev/null || true
type_line "2"
check "the failed draft save is reported" wait_for "the draft could not be saved; the last good one is kept"
draft=$(ls full2/.drafts/*.json)
check "the last good draft is kept" grep -q '"pct": 45' "$draft"
check "the interview goes on" wait_for "How far do you want to go?"
$T kill-server 2>/dev/null || true
sleep 0.2
umount full2 2>/dev/null || true
exit $fail
