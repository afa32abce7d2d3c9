#!/bin/sh
# Rewrites the expected stdout, stderr and status of every CLI case from what
# vmat does now. Review the diff before committing it.
# Usage: update.sh CLI_DIR VMAT ROOT
set -eu
for c in "$1"/*/; do
	sh "$(dirname "$0")/run.sh" "${c%/}" "$2" "$3" --update
done
