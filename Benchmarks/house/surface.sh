#!/usr/bin/env bash
# The shape of the source tree: public declarations per module, and source files with their
# median and smallest sizes (issue "the house"). Text only; run from anywhere.
#
# Usage: Benchmarks/house/surface.sh [SOURCES_DIR=Sources]
#
# A public declaration is a line that starts (after attributes such as @inlinable) with `public`
# or `open`; `public import` lines are not declarations and are left out.
set -euo pipefail
cd "$(dirname "$0")/../.."
sources=${1:-Sources}
printf 'module\tpublic\tfiles\tlines\n'
for module in "$sources"/*/; do
    name=$(basename "$module")
    public=$(grep -rhE '^\s*(@[A-Za-z]+(\([^)]*\))?\s+)*(public|open)\s' "$module" --include=*.swift \
        | grep -cvE '^\s*public import' || true)
    files=$(find "$module" -name '*.swift' | wc -l)
    lines=$(find "$module" -name '*.swift' -exec cat {} + | wc -l)
    printf '%s\t%s\t%s\t%s\n' "$name" "$public" "$files" "$lines"
done
find "$sources" -name '*.swift' -exec wc -l {} + | grep -v ' total$' | awk '{print $1}' | sort -n | awk '
    { size[NR] = $1; if ($1 < 30) small++ }
    END {
        median = NR % 2 ? size[(NR + 1) / 2] : (size[NR / 2] + size[NR / 2 + 1]) / 2
        printf "source files: %d, median %s lines, smallest %d, under 30 lines: %d\n", NR, median, size[1], small
    }'
