#!/usr/bin/env bash
# Run one scenario with the real adr-tools and with adrtool's `adr`, then diff every file,
# stdout, stderr and exit status. Not part of the test suite (CI has no adr-tools); run it by
# hand after changing the adr face, and check each difference against the README's
# "Known differences" list.
#   bash bench/peers.sh                      # unpacks adr-tools 3.0.0 into bench/.peers/
#   bash tests/adrtools_expected/compare.sh [path/to/real/adr]
set -uo pipefail
here="$(cd "$(dirname "$0")/../.." && pwd)"
real="${1:-$here/bench/.peers/adr-tools/usr/bin/adr}"
ours="$(command -v adr)"
[ -x "$real" ] || { echo "no adr-tools at $real (run bench/peers.sh)" >&2; exit 2; }
out="$(mktemp -d)"

scenario() {  # $1: the adr command, $2: a work folder
  local adr="$1" w="$2" n=0
  mkdir -p "$w/proj" && cd "$w/proj" || exit 2
  unset VISUAL EDITOR ADR_TEMPLATE
  export ADR_DATE=2024-01-02 PAGER=cat
  step() { n=$((n + 1)); local id; id="$(printf %02d $n)"
    echo "## $id: ${*/#$adr/adr}" >> "$w/log"
    "$@" > "$w/$id.out" 2> "$w/$id.err"; echo "exit $?" >> "$w/log"; }
  step "$adr" init
  for t in "First decision" "Second decision" "Third decision"; do step "$adr" new "$t"; done
  step "$adr" new -s 2 Fourth replaces two
  step "$adr" new -s 3 -s 4 Fifth replaces three and four
  step "$adr" new -l "1:Amends:Amended by" Sixth amends one
  step "$adr" link 5 Clarifies 3 "Clarified by"
  step "$adr" list
  printf 'Intro.\n' > intro.md; printf 'Outro.\n' > outro.md
  step "$adr" generate toc
  step "$adr" generate toc -i intro.md -o outro.md -p doc/adr/
  step "$adr" generate graph
  step "$adr" generate graph -p https://example.com/ -e .md
  for i in 7 8 9 10; do step "$adr" new "Record number $i"; done
  step "$adr" new "Use Café/Bar: v2.0 (draft)!"
  step "$adr" new -s 10 "Supersede ten"
  mkdir -p doc/adr/templates sub
  printf '# NUMBER. TITLE\n\nDate: DATE\n\n## Status\n\nSTATUS\n\n## Context\n\nOurs.\n' \
    > doc/adr/templates/template.md
  (cd sub && step "$adr" new From a subfolder && step "$adr" list)
  step "$adr" new
  step "$adr" help new
  # the other direction: adr-tools reads what adrtool wrote
  step adrtool new --no-edit --date 2024-01-02 --status accepted -s 6 -l "1:Refines:Refined by" By adrtool
  step "$adr" list
  step "$adr" generate toc
  step "$adr" generate graph
}

(scenario "$real" "$out/real")
(scenario "$ours" "$out/ours")
sed -i "s#$real#adr#" "$out/real/log"
sed -i "s#$ours#adr#" "$out/ours/log"
if diff -r "$out/real" "$out/ours"; then echo "no differences"; else echo "(files in $out)"; fi
