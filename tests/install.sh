#!/bin/sh
# meson install into a temporary root, then use what was installed: the vmat
# binary with its own templates, the library through vmat.pc, the man pages,
# the bash completion.
# Usage: install.sh BUILD_DIR ROOT
set -eu
build=$1 root=$2
dest=$(mktemp -d)
trap 'rm -rf "$dest"' EXIT
meson install -C "$build" --destdir "$dest" --quiet >/dev/null
option() {
	meson introspect "$build" --buildoptions | python3 -c 'import json, sys
print([o["value"] for o in json.load(sys.stdin) if o["name"] == sys.argv[1]][0])' "$1"
}
prefix=$(option prefix)
# a library built with sanitizers needs them in the program too
sanitize=$(option b_sanitize)
[ "$sanitize" = none ] && sanitize= || sanitize=-fsanitize=$sanitize
top=$dest$prefix
bin=$top/bin/vmat
data=$top/share

# the installed vmat draws charts from the installed templates
cd "$dest"
"$bin" report -s "$root/tests/data/mini.json" -o report "$root/tests/data/mini.csv" 2>/dev/null
ls report/charts | grep -c '\.svg$' | sed 's/^/charts: /'
test -f "$data/vmat/reports/stages.gp" && echo "templates installed"
test -f "$data/doc/vmat/examples/surveys/README.md" && echo "examples installed"
test -f "$data/doc/vmat/reference.md" && echo "reference installed"

# the example program, built against the installed vmat.pc
# (vmat.pc names the real prefix; a copy names the staged one)
pc=$(find "$top" -name vmat.pc)
mkdir pc
sed "s|^prefix=.*|prefix=$top|" "$pc" > pc/vmat.pc
export PKG_CONFIG_PATH="$dest/pc"
cc -std=c11 -Wall -Wextra -Werror $sanitize -o example "$root/doc/example.c" \
	$(pkg-config --cflags --libs vmat)
LD_LIBRARY_PATH="${pc%/pkgconfig/vmat.pc}" ./example "$root/tests/data/mini.json" \
	"$root/tests/data/mini.csv" | head -3

# the man pages are installed, no more, no fewer, and render without warnings
echo "man pages:" $(cd "$data" && find man -type f 2>/dev/null | sed 's|^man/||' | sort)
for page in man1/vmat.1 man5/vmat-survey.5; do
	if [ ! -f "$data/man/$page" ]; then
		echo "$page: not installed (configured without scdoc? -Dman=disabled?)"
		continue
	fi
	warnings=$(man --warnings -E UTF-8 -l "$data/man/$page" 2>&1 >/dev/null)
	[ -z "$warnings" ] && echo "$page renders" || echo "$page: $warnings"
done

# the bash completion loads and completes
completion=$data/bash-completion/completions/vmat
bash -n "$completion" && echo "completion loads"
PATH="$top/bin:$PATH" bash -c '
	. "$1"
	COMP_WORDS=(vmat rep); COMP_CWORD=1; _vmat; echo "vmat rep<TAB>: ${COMPREPLY[*]}"
	COMP_WORDS=(vmat report -s "$2" --by region,q); COMP_CWORD=5; _vmat
	echo "--by region,q<TAB>: ${COMPREPLY[*]}"
	COMP_WORDS=(vmat report --charts p); COMP_CWORD=3; _vmat
	echo "--charts p<TAB>: ${COMPREPLY[*]}"
' sh "$completion" "$root/tests/data/mini.json"
