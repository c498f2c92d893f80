#!/usr/bin/env bash
# Fuzz one parser of scanner input for a while.
#
#   fuzz/run.sh TARGET SECONDS        e.g.  fuzz/run.sh gs1_raw 600
#
# Targets (fuzz/fuzz_targets/, listed in fuzz/Cargo.toml); each asserts invariants, not only "no panic":
#   classify       normalize_scan then classify, on arbitrary bytes: valid <=> no error_code, codes
#                  listed, symbology + text == input, GS1 and Digital Link valid => AIs
#   gs1_raw        parse_element_string: a valid read written in brackets parses to the same AIs
#   gs1_bracketed  parse_bracketed: a valid read written again, bracketed and raw, parses the same
#   digital_link   parse_digital_link: a valid link starts with a key AI and reads the same bracketed
#   tracking       classify_tracking: a carrier is always named, error codes are listed
#   lpn            parse_lpn / format_lpn round-trip both ways
#   symbology      strip_symbology: identifier + rest == input
#   station_codes  LPN and symbology together (the older combined target)
#   push_batch     the hub's push decoder: JSON → PushBatch → check_batch (consecutive seqs, hashes)
#
# Needs cargo-fuzz (`cargo install cargo-fuzz --locked`). cargo fuzz passes -Z flags to rustc and only
# the stable toolchain is installed, so this sets RUSTC_BOOTSTRAP=1. AddressSanitizer (the default)
# works here; FUZZ_SANITIZER=none switches it off (about twice the speed, fewer memory checks).
#
# fuzz/ is its own cargo workspace (empty [workspace] in fuzz/Cargo.toml), built in fuzz/target/; the
# root workspace never sees it. Corpus policy: the seeds in fuzz/seeds/<target>/ are committed, small
# and hand-picked from the domain crate's tests. What the fuzzer learns goes to fuzz/corpus-gen/<target>/
# (ignored by git): it is passed first, so new inputs land there and the seeds are only read. A crash
# leaves its input in fuzz/artifacts/<target>/ (ignored); replay it with
#   RUSTC_BOOTSTRAP=1 cargo fuzz run TARGET fuzz/artifacts/TARGET/crash-…   (from fuzz/)
# and turn it into a regression test beside the parser's other tests in crates/redock-domain.
#
# Prints libFuzzer's summary (the "#N DONE cov: … exec/s: …" line and the final stats); the whole log
# is in $FUZZ_LOG (default /tmp/fuzz-TARGET.log). Exits non-zero when the target crashed or did not build.
set -euo pipefail
cd "$(dirname "$0")"
target=${1:?usage: fuzz/run.sh TARGET SECONDS}
seconds=${2:?usage: fuzz/run.sh TARGET SECONDS}
log=${FUZZ_LOG:-/tmp/fuzz-$target.log}
[ -f "fuzz_targets/$target.rs" ] || { echo "fuzz/run.sh: no target $target in fuzz/fuzz_targets/" >&2; exit 2; }
corpora=("corpus-gen/$target")
[ -d "seeds/$target" ] && corpora+=("seeds/$target")
mkdir -p "corpus-gen/$target"
sanitizer=()
[ -n "${FUZZ_SANITIZER:-}" ] && sanitizer=(--sanitizer "$FUZZ_SANITIZER")

set +e
RUSTC_BOOTSTRAP=1 cargo fuzz run "${sanitizer[@]}" "$target" "${corpora[@]}" -- \
  -max_total_time="$seconds" -print_final_stats=1 -max_len=4096 2>&1 |
  tee "$log" |
  grep --line-buffered -E '^(#[0-9]+[[:space:]]+DONE|Done [0-9]+ runs|stat::(number_of_executed_units|average_exec_per_sec|new_units_added|peak_rss_mb)|SUMMARY|error(\[E[0-9]+\])?:)'
status=${PIPESTATUS[0]}
set -e
if [ "$status" -ne 0 ]; then
  echo "fuzz/run.sh: $target failed (exit $status); full log: $log" >&2
  grep -E -A2 "panicked at" "$log" | head -20 >&2 || true
  grep -E "^==[0-9]+== ?ERROR|Test unit written to" "$log" >&2 || true
fi
exit "$status"
