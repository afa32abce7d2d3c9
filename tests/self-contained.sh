#!/bin/sh
# The repository carries its whole contract: no file points outside it (to
# the founding spec beside the checkout), and every "reference §N" a comment
# or document cites is a section of doc/reference.md.
# Usage: self-contained.sh ROOT
set -eu
cd "$1"
status=0
files=$(find . -path ./.git -prune -o -path './build*' -prune -o -path ./bench/.cache -prune \
	-o -path ./tests/self-contained.sh -prune -o -type f -print)
# shellcheck disable=SC2086
if grep -n -e '\.\./shared' -e 'shared/SPEC' -e 'SPEC\.md' -e 'SPEC §' $files; then
	echo "the lines above point outside the repository: cite doc/reference.md"
	status=1
fi
# shellcheck disable=SC2086
for n in $(grep -oh 'reference\(\.md\)\? §[0-9]*' $files | grep -o '[0-9]*$' | sort -u); do
	if ! grep -q "^## §$n " doc/reference.md; then
		echo "reference §$n is cited but doc/reference.md has no such section"
		status=1
	fi
done
exit $status
