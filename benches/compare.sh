#!/usr/bin/env bash
# Times vnews against Python's NFC and underthesea's text_normalize on the same
# generated corpus, in one run, and prints a Markdown table with ratios.
#   bash benches/compare.sh [MEGABYTES]     (default 100; RSS is also measured at 60 and 240)
# Needs the Rust toolchain, python3 and PyPI (underthesea goes into a venv here).
# MB/s are megabytes of article text (the "text" fields) per second of wall time,
# the better of two runs; the CPU column divides by user+system time instead.
set -euo pipefail
cd "$(dirname "$0")/.."
mb=${1:-100}
work=target/compare
mkdir -p "$work"

cargo build --release --quiet
cargo build --release --quiet --example make_corpus
bin=target/release/vnews
make_corpus=target/release/examples/make_corpus

# The mixed corpus (a third NFD, a sixth new-style marks), the same articles all
# NFC as published, and all NFD; the mixed one also at 60 and 240 MB for memory.
for size in "$mb" 60 240; do
  [ -s "$work/corpus-$size.jsonl" ] || "$make_corpus" "$size" "$work/corpus-$size.jsonl" mixed
done
for form in nfc nfd; do
  [ -s "$work/corpus-$mb-$form.jsonl" ] || "$make_corpus" "$mb" "$work/corpus-$mb-$form.jsonl" "$form"
done
mixed="$work/corpus-$mb.jsonl"
nfc="$work/corpus-$mb-nfc.jsonl"
nfd="$work/corpus-$mb-nfd.jsonl"

if [ ! -x "$work/venv/bin/python" ]; then
  python3 -m venv "$work/venv"
  "$work/venv/bin/pip" install --quiet underthesea
fi
py="$work/venv/bin/python"

# Plain-text copies for the normalize stage (articles joined by blank lines),
# and the bytes of article text in each corpus.
"$py" - "$work" "$mixed" "$nfc" "$nfd" <<'PY'
import json, sys
work, paths = sys.argv[1], sys.argv[2:]
for name, path in zip(["mixed", "nfc", "nfd"], paths):
    texts = [json.loads(line)["text"] for line in open(path, encoding="utf-8")]
    joined = "\n\n".join(texts)
    open(f"{work}/{name}.txt", "w", encoding="utf-8").write(joined)
    open(f"{work}/{name}.bytes", "w").write(str(sum(len(t.encode("utf-8")) for t in texts)))
PY
"$bin" normalize "$work/mixed.txt" > "$work/normalized.txt"

# Wall seconds, CPU seconds and peak RSS (KiB) of a command, from GNU time.
measure() {
  /usr/bin/time -f '%e %U %S %M' -o "$work/time.out" "$@" > /dev/null 2> "$work/stderr.out"
  awk '{ printf "%s %.2f %s\n", $1, $2 + $3, $4 }' "$work/time.out"
}
bytes() { stat -c %s "$1"; }
mbps() { awk -v b="$1" -v s="$2" 'BEGIN { printf "%.1f", b / 1e6 / (s > 0 ? s : 0.001) }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / (b > 0 ? b : 0.001) }'; }
# The faster of two runs: other work on the machine only ever slows a run down.
best_of_two() {
  { measure "$@"; measure "$@"; } | sort -n | head -n 1
}
extract() { best_of_two "$bin" extract --jsonl --no-text --jobs "$@"; }

nfc_bytes=$(cat "$work/nfc.bytes"); nfd_bytes=$(cat "$work/nfd.bytes"); mixed_bytes=$(cat "$work/mixed.bytes")
read -r w_nfc c_nfc _ < <(extract 1 "$nfc")
read -r w_nfc2 c_nfc2 _ < <(extract 2 "$nfc")
read -r w_nfd c_nfd _ < <(extract 1 "$nfd")
read -r w_mix c_mix _ < <(extract 1 "$mixed")
read -r _ _ rss60 < <(extract 2 "$work/corpus-60.jsonl")
read -r _ _ rss_mb < <(extract 2 "$mixed")
read -r _ _ rss240 < <(extract 2 "$work/corpus-240.jsonl")
"$bin" extract --jsonl --no-text --jobs 1 "$nfc" | md5sum > "$work/j1.md5"
"$bin" extract --jsonl --no-text --jobs 2 "$nfc" | md5sum > "$work/j2.md5"
same=$(cmp -s "$work/j1.md5" "$work/j2.md5" && echo yes || echo NO)
read -r n_norm n_norm_cpu _ < <(best_of_two "$bin" normalize "$work/normalized.txt")
read -r n_nfd n_nfd_cpu _ < <(best_of_two "$bin" normalize "$work/nfd.txt")
read -r n_mixed n_mixed_cpu _ < <(best_of_two "$bin" normalize "$work/mixed.txt")

# Python: NFC alone over the same NFC texts (already NFC, so its quick check decides),
# over the NFD texts, and underthesea on a 5 MB slice of the mixed corpus (it is slow).
read -r py_nfc_s py_nfd_s uts_mbps uts_version < <("$py" - "$nfc" "$nfd" "$mixed" <<'PY'
import json, sys, time, unicodedata
import underthesea
from underthesea import text_normalize
def load(path):
    return [json.loads(line)["text"] for line in open(path, encoding="utf-8")]
def nfc_seconds(texts):
    t = time.perf_counter()
    for s in texts:
        unicodedata.normalize("NFC", s)
    return time.perf_counter() - t
nfc = nfc_seconds(load(sys.argv[1]))
nfd = nfc_seconds(load(sys.argv[2]))
sample, size = [], 0
for s in load(sys.argv[3]):
    if size > 5_000_000:
        break
    sample.append(s)
    size += len(s.encode("utf-8"))
t = time.perf_counter()
for s in sample:
    text_normalize(s)
uts = time.perf_counter() - t
print(f"{nfc:.3f} {nfd:.3f} {size / 1e6 / uts:.3f} {underthesea.__version__}")
PY
)

py_nfc=$(mbps "$nfc_bytes" "$py_nfc_s"); py_nfd=$(mbps "$nfd_bytes" "$py_nfd_s")
e_nfc=$(mbps "$nfc_bytes" "$w_nfc"); e_nfc2=$(mbps "$nfc_bytes" "$w_nfc2")
e_nfd=$(mbps "$nfd_bytes" "$w_nfd"); e_mix=$(mbps "$mixed_bytes" "$w_mix")
norm_fast=$(mbps "$(bytes "$work/normalized.txt")" "$n_norm")
norm_nfd=$(mbps "$(bytes "$work/nfd.txt")" "$n_nfd")
norm_mixed=$(mbps "$(bytes "$work/mixed.txt")" "$n_mixed")
cpu() { mbps "$1" "$2"; }

cat <<TABLE
Machine: $(nproc) cores ($(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo)), $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(uname -m); $(date -u '+%Y-%m-%d %H:%M UTC'); load average at the end $(cut -d' ' -f1-3 /proc/loadavg)
Corpus: ${mb} MB of article text per form ($(wc -l < "$mixed") articles), built by examples/make_corpus.rs from the bundled and real articles.

| measure | wall MB/s | CPU MB/s | target |
|---|---|---|---|
| vnews extract --no-text, 1 thread, NFC text | ${e_nfc} | $(cpu "$nfc_bytes" "$c_nfc") | ≥ 150; ≥ 2× Python NFC |
| vnews extract --no-text, 1 thread, NFD text | ${e_nfd} | $(cpu "$nfd_bytes" "$c_nfd") | ≥ 60 |
| vnews extract --no-text, 1 thread, mixed corpus | ${e_mix} | $(cpu "$mixed_bytes" "$c_mix") | |
| vnews extract --no-text, 2 threads, NFC text | ${e_nfc2} ($(ratio "$w_nfc" "$w_nfc2")× one thread, output identical: ${same}) | $(cpu "$nfc_bytes" "$c_nfc2") | ≥ 1.8× |
| Python unicodedata NFC, same NFC texts | ${py_nfc} (vnews extract: $(ratio "$e_nfc" "$py_nfc")×) | | vnews ≥ 2× |
| Python unicodedata NFC, same NFD texts | ${py_nfd} | | |
| vnews normalize, already normalized | ${norm_fast} | $(cpu "$(bytes "$work/normalized.txt")" "$n_norm_cpu") | ≥ 400 |
| vnews normalize, NFD | ${norm_nfd} | $(cpu "$(bytes "$work/nfd.txt")" "$n_nfd_cpu") | ≥ 100 |
| vnews normalize, mixed corpus | ${norm_mixed} | $(cpu "$(bytes "$work/mixed.txt")" "$n_mixed_cpu") | |
| underthesea ${uts_version} text_normalize, 5 MB of the mixed corpus | ${uts_mbps} (vnews normalize mixed: $(ratio "$norm_mixed" "$uts_mbps")×) | | vnews ≥ 200× |

| peak RSS, extract --jobs 2 | 60 MB corpus | ${mb} MB corpus | 240 MB corpus | 240 / 60 | target |
|---|---|---|---|---|---|
| MiB | $((rss60 / 1024)) | $((rss_mb / 1024)) | $((rss240 / 1024)) | $(ratio "$rss240" "$rss60")× | ≤ 1.5×, < 200 MB |
TABLE
