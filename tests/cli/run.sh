#!/bin/sh
# Runs one CLI golden case: tests/cli/CASE/cmd is a shell script run in a copy
# of the case directory, with `vmat` on PATH, and `surveys`, `reports` and
# `data` linked to the project's surveys/, reports/ and tests/data/. Its stdout, stderr and exit status must match the files
# `stdout`, `stderr` and `status` byte for byte. A case may also hold
# `expected/`: the files the command must leave in its directory, and
# `no-valgrind` (saying why) to keep it out of the valgrind run.
# Usage: run.sh CASE_DIR VMAT ROOT [--update]
set -eu
case_dir=$1 vmat=$2 root=$3 update=${4:-}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir "$tmp/bin" "$tmp/work"
if [ -n "${VMAT_VALGRIND:-}" ] && [ ! -f "$case_dir/no-valgrind" ]; then
	# meson test --setup=valgrind: every vmat run under memcheck; an error
	# or a leak changes the exit status, and the log is shown.
	valgrind=$(command -v valgrind)
	cat > "$tmp/bin/vmat" <<WRAP
#!/bin/sh
exec $valgrind -q --error-exitcode=99 --leak-check=full --show-leak-kinds=definite,indirect \\
	--errors-for-leak-kinds=definite,indirect --log-file="$tmp/valgrind.%p" "$vmat" "\$@"
WRAP
	chmod +x "$tmp/bin/vmat"
else
	ln -s "$vmat" "$tmp/bin/vmat"
fi
cp -R "$case_dir/." "$tmp/work/"
rm -rf "$tmp/work/stdout" "$tmp/work/stderr" "$tmp/work/status" "$tmp/work/expected" \
	"$tmp/work/no-valgrind"
ln -s "$root/surveys" "$tmp/work/surveys"
ln -s "$root/reports" "$tmp/work/reports"
ln -s "$root/tests/data" "$tmp/work/data"
status=0
(cd "$tmp/work" && PATH="$tmp/bin:$PATH" LC_ALL=C.UTF-8 TZ=UTC exec sh ./cmd) \
	>"$tmp/stdout" 2>"$tmp/stderr" </dev/null || status=$?
echo "$status" >"$tmp/status"
if [ "$update" = --update ]; then
	cp "$tmp/stdout" "$tmp/stderr" "$tmp/status" "$case_dir/"
	if [ -d "$case_dir/expected" ]; then
		for f in $(cd "$case_dir/expected" && find . -type f); do
			cp "$tmp/work/$f" "$case_dir/expected/$f"
		done
	fi
	exit 0
fi
fail=0
for f in status stdout stderr; do
	diff -u "$case_dir/$f" "$tmp/$f" || fail=1
done
if [ -d "$case_dir/expected" ]; then
	for f in $(cd "$case_dir/expected" && find . -type f); do
		diff -u "$case_dir/expected/$f" "$tmp/work/$f" || fail=1
	done
fi
for log in "$tmp"/valgrind.*; do
	[ -s "$log" ] && { echo "valgrind:"; cat "$log"; fail=1; }
done
exit $fail
