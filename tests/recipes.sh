#!/bin/sh
# Runs every recipe of doc/analysts.md (the ```sh blocks that start with
# "# recipe: NAME") on the scores and summary of tests/data/mini.csv, and
# compares its output with tests/recipes/NAME.out.
# Usage: recipes.sh VMAT ROOT [--update]
set -eu
# Debian's python3, which has Debian's pandas, before any other on PATH
PATH=/usr/bin:$PATH
vmat=$1 root=$2 update=${3:-}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$tmp"
"$vmat" score -s "$root/tests/data/mini.json" "$root/tests/data/mini.csv" > scores.csv
"$vmat" report -s "$root/tests/data/mini.json" "$root/tests/data/mini.csv" > summary.csv
# DuckDB's Node.js client, from the npm registry, once per machine
npm_dir=${XDG_CACHE_HOME:-$HOME/.cache}/vmat-recipes
if [ ! -d "$npm_dir/node_modules/@duckdb/node-api" ]; then
	mkdir -p "$npm_dir"
	(cd "$npm_dir" && npm install --no-audit --no-fund --silent @duckdb/node-api@1.5.6-r.1)
fi
ln -s "$npm_dir/node_modules" node_modules
awk '
	/^```sh$/ { inblock = 1; name = ""; next }
	/^```$/ { inblock = 0; next }
	inblock && name == "" && /^# recipe: / { name = $3; next }
	inblock && name != "" { print > (name ".sh") }
' "$root/doc/analysts.md"
status=0 count=0
for script in *.sh; do
	name=${script%.sh}
	count=$((count + 1))
	sh "$script" > "$name.out" 2>&1 || { echo "recipe $name failed:"; cat "$name.out"; status=1; }
	if [ "$update" = --update ]; then
		cp "$name.out" "$root/tests/recipes/$name.out"
	elif ! diff -u "$root/tests/recipes/$name.out" "$name.out"; then
		status=1
	fi
done
[ "$count" -ge 3 ] || { echo "only $count recipes found"; exit 1; }
exit $status
