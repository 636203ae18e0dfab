#!/usr/bin/env bash
# Times vnews against Python's NFC and underthesea's text_normalize on the same
# generated corpus, in one run, and prints a Markdown table with ratios.
#   bash benches/compare.sh [MEGABYTES]     (default 100; RSS is also measured at 60 and 240)
# Needs the Rust toolchain, python3 and PyPI (underthesea goes into a venv here).
set -euo pipefail
cd "$(dirname "$0")/.."
mb=${1:-100}
work=target/compare
mkdir -p "$work"

cargo build --release --quiet
cargo build --release --quiet --example make_corpus
bin=target/release/vnews
make_corpus=target/release/examples/make_corpus

for size in "$mb" 60 240; do
  [ -s "$work/corpus-$size.jsonl" ] || "$make_corpus" "$size" "$work/corpus-$size.jsonl"
done
corpus="$work/corpus-$mb.jsonl"

if [ ! -x "$work/venv/bin/python" ]; then
  python3 -m venv "$work/venv"
  "$work/venv/bin/pip" install --quiet underthesea
fi
py="$work/venv/bin/python"

# Plain-text copies for the normalize stage: as generated (mixed), NFC old style, and NFD.
"$py" - "$corpus" "$work" <<'PY'
import json, sys, unicodedata
corpus, work = sys.argv[1], sys.argv[2]
texts = [json.loads(line)["text"] for line in open(corpus, encoding="utf-8")]
open(f"{work}/mixed.txt", "w", encoding="utf-8").write("\n\n".join(texts))
open(f"{work}/nfd.txt", "w", encoding="utf-8").write(unicodedata.normalize("NFD", "\n\n".join(texts)))
PY
"$bin" normalize "$work/mixed.txt" > "$work/normalized.txt"

# seconds and peak RSS (KiB) of a command, from GNU time.
measure() {
  /usr/bin/time -f '%e %M' -o "$work/time.out" "$@" > /dev/null 2> "$work/stderr.out"
  cat "$work/time.out"
}
bytes() { stat -c %s "$1"; }
mbps() { awk -v b="$1" -v s="$2" 'BEGIN { printf "%.1f", b / 1e6 / (s > 0 ? s : 0.001) }'; }

text_bytes=$(bytes "$work/mixed.txt")
read -r e1 rss1 < <(measure "$bin" extract --jsonl --no-text --jobs 1 "$corpus")
read -r e2 rss2 < <(measure "$bin" extract --jsonl --no-text --jobs 2 "$corpus")
read -r _ rss60 < <(measure "$bin" extract --jsonl --no-text --jobs 2 "$work/corpus-60.jsonl")
read -r _ rss240 < <(measure "$bin" extract --jsonl --no-text --jobs 2 "$work/corpus-240.jsonl")
"$bin" extract --jsonl --no-text --jobs 1 "$corpus" | md5sum > "$work/j1.md5"
"$bin" extract --jsonl --no-text --jobs 2 "$corpus" | md5sum > "$work/j2.md5"
same=$(cmp -s "$work/j1.md5" "$work/j2.md5" && echo yes || echo NO)
read -r n_norm _ < <(measure "$bin" normalize "$work/normalized.txt")
read -r n_nfd _ < <(measure "$bin" normalize "$work/nfd.txt")
read -r n_mixed _ < <(measure "$bin" normalize "$work/mixed.txt")

# Python: NFC alone over the same texts, and underthesea on a 5 MB slice (it is slow).
read -r py_nfc_s uts_mbps < <("$py" - "$corpus" <<'PY'
import json, sys, time, unicodedata
from underthesea import text_normalize
texts = [json.loads(line)["text"] for line in open(sys.argv[1], encoding="utf-8")]
t = time.perf_counter()
for s in texts:
    unicodedata.normalize("NFC", s)
nfc = time.perf_counter() - t
sample, size = [], 0
for s in texts:
    if size > 5_000_000:
        break
    sample.append(s)
    size += len(s.encode("utf-8"))
t = time.perf_counter()
for s in sample:
    text_normalize(s)
uts = time.perf_counter() - t
print(f"{nfc:.3f} {size / 1e6 / uts:.3f}")
PY
)

e2e1=$(mbps "$text_bytes" "$e1"); e2e2=$(mbps "$text_bytes" "$e2")
pynfc=$(mbps "$text_bytes" "$py_nfc_s")
norm_fast=$(mbps "$(bytes "$work/normalized.txt")" "$n_norm")
norm_nfd=$(mbps "$(bytes "$work/nfd.txt")" "$n_nfd")
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / (b > 0 ? b : 0.001) }'; }

cat <<TABLE
Machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(uname -m); $(date -u +%Y-%m-%d); corpus ${mb} MB of text ($(wc -l < "$corpus") articles)

| measure | result | target |
|---|---|---|
| vnews extract --no-text, 1 thread | ${e2e1} MB/s | ≥ 150 MB/s |
| vnews extract --no-text, 2 threads | ${e2e2} MB/s ($(ratio "$e1" "$e2")×, output identical: ${same}) | ≥ 1.8× |
| Python unicodedata NFC | ${pynfc} MB/s (vnews 1 thread: $(ratio "$e2e1" "$pynfc")×) | vnews ≥ 2× |
| vnews normalize, already normalized | ${norm_fast} MB/s | ≥ 400 MB/s |
| vnews normalize, NFD | ${norm_nfd} MB/s | ≥ 100 MB/s |
| underthesea text_normalize | ${uts_mbps} MB/s (vnews normalize on mixed input: $(ratio "$(mbps "$text_bytes" "$n_mixed")" "$uts_mbps")×) | vnews ≥ 200× |
| peak RSS, 60 MB / ${mb} MB / 240 MB corpus | $((rss60 / 1024)) / $((rss2 / 1024)) / $((rss240 / 1024)) MiB ($(ratio "$rss240" "$rss60")×) | ≤ 1.5×, < 200 MB |
TABLE
