#!/usr/bin/env bash
# Instructions per byte of article text, per stage, for `vnews extract --jsonl --no-text --jobs 1`.
# callgrind counts instructions, which is stable on a busy machine where wall time is not. Each
# stage is collected only inside its function, on a 2 MB and a 4 MB corpus; the difference of
# the two runs drops the one-time start-up (regexes, automata). Each stage's function is
# `#[inline(never)]`: the release build links with fat LTO, which would otherwise inline it.
#   bash benches/stage_cost.sh [nfc|nfd|mixed] [STAGE...]
# STAGE: total normalize segment expand dates officials scores rankings places offsets (default all).
# The capitals scan that abbreviations and places share (bytescan::Marks) is counted in neither.
# Needs valgrind and python3.
set -euo pipefail
cd "$(dirname "$0")/.."
form=${1:-nfc}
shift || true
work=target/compare
mkdir -p "$work"
cargo build --release --quiet
cargo build --release --quiet --example make_corpus
bin=target/release/vnews
for mb in 2 4; do
  [ -s "$work/stage-$form-$mb.jsonl" ] || target/release/examples/make_corpus "$mb" "$work/stage-$form-$mb.jsonl" "$form"
done
declare -A function=(
  [normalize]='vnews::normalize::normalize' [segment]='vnews::segment::segment'
  [expand]='vnews::expand::find_marked' [dates]='vnews::extract::date::extract'
  [officials]='vnews::extract::official::extract' [scores]='vnews::extract::score::extract'
  [rankings]='vnews::extract::ranking::extract' [places]='vnews::extract::place::extract_marked'
  [offsets]='vnews::offsets::bytes_to_chars' [total]='')
stages=("$@")
[ ${#stages[@]} -gt 0 ] || stages=(total normalize segment expand dates officials scores rankings places offsets)
text_bytes() {
  python3 -c 'import json, sys; print(sum(len(json.loads(l)["text"].encode()) for l in open(sys.argv[1])))' "$1"
}
small=$(text_bytes "$work/stage-$form-2.jsonl")
large=$(text_bytes "$work/stage-$form-4.jsonl")
instructions() {
  local collect=()
  [ -z "$1" ] || collect=(--collect-atstart=no "--toggle-collect=$1")
  valgrind --tool=callgrind "${collect[@]}" --callgrind-out-file="$work/callgrind.out" \
    "$bin" extract --jsonl --no-text --jobs 1 "$2" > /dev/null 2> "$work/callgrind.err"
  awk '/^totals:/ { print $2 }' "$work/callgrind.out"
}
for stage in "${stages[@]}"; do
  a=$(instructions "${function[$stage]}" "$work/stage-$form-2.jsonl")
  b=$(instructions "${function[$stage]}" "$work/stage-$form-4.jsonl")
  awk -v s="$stage" -v a="$a" -v b="$b" -v x="$small" -v y="$large" \
    'BEGIN { printf "%-10s %7.1f instructions/byte\n", s, (b - a) / (y - x) }'
done
