#!/usr/bin/env bash
# Fuzz one parser of scanner input:  fuzz/run.sh TARGET SECONDS
# Targets: classify gs1_raw gs1_bracketed digital_link tracking station_codes (fuzz/Cargo.toml).
# Needs cargo-fuzz (`cargo install cargo-fuzz --locked`). Only the stable toolchain exists here, so
# RUSTC_BOOTSTRAP=1 lets it pass the -Z flags libFuzzer and AddressSanitizer need.
# Seeds are fuzz/seeds/<target>/ (committed); what the fuzzer learns goes to fuzz/corpus-gen/
# (ignored). A crash leaves its input in fuzz/artifacts/<target>/ and makes this exit non-zero.
set -euo pipefail
cd "$(dirname "$0")"
target=${1:?target}
seconds=${2:-600}
mkdir -p "corpus-gen/$target" "seeds/$target"
RUSTC_BOOTSTRAP=1 cargo fuzz run "$target" "corpus-gen/$target" "seeds/$target" -- \
  -max_total_time="$seconds" -print_final_stats=1 -max_len=4096 2>&1 | tee "/tmp/fuzz-$target.log" | grep -E '^(#[0-9]+ *DONE|Done|stat::number_of_executed_units|stat::average_exec_per_sec|stat::peak_rss_mb|==[0-9]+==|thread .* panicked|SUMMARY)' || true
test "${PIPESTATUS[0]}" -eq 0
