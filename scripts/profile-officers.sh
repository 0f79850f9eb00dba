#!/usr/bin/env bash
# Where the host's CPU goes while 200 officers' posts are in flight: runs the officers benchmark
# (`--officers 200 --together`) with `perf` sampling the host process, then keeps only the samples taken
# between each round's release of the posts and its last answer (the windows the benchmark's --marks
# file records) and folds them by call stack.
#
#   scripts/profile-officers.sh [rounds] [more benchmark options]   (rounds: 8 unless given)
#
# Writes into $KINERJA_PROFILE_DIR (default /tmp/kinerja-profile-<time>): bench.txt (the benchmark's report),
# marks.txt, perf.data, folded.txt (one line per stack, `frame;frame;… count`, for flame-graph tools) and
# summary.txt (the share of the windows' samples by part of the request path, then the hottest frames).
# Sampling slows the host: read the shares, not the latencies, of a profiled run.
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${1:-8}
shift || true
out=${KINERJA_PROFILE_DIR:-/tmp/kinerja-profile-$(date +%Y%m%d-%H%M%S)}
mkdir -p "$out"
rm -f "$out/marks.txt"

if ! command -v perf >/dev/null; then
  echo "perf not found; installing the Debian package linux-perf" >&2
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq linux-perf >/dev/null
fi

dotnet build -c Release tests/Kinerja.Host.Benchmarks >/dev/null
bench=tests/Kinerja.Host.Benchmarks/bin/Release/net10.0/Kinerja.Host.Benchmarks.dll

# The runtime writes /tmp/perf-<pid>.map for its compiled code, kept in plain memory (not W^X double-mapped) so perf can
# name it. The instance cache is raised because more rounds than the benchmark's four start more instances than the
# default keeps; past it every post parses its instance's JSON again, which the four-round benchmark never does.
dotnet "$bench" --officers 200 --together --rounds "$rounds" --marks "$out/marks.txt" \
  --host-env DOTNET_PerfMapEnabled=1 --host-env DOTNET_EnableWriteXorExecute=0 \
  --host-env Kinerja__Database__InstanceCacheParts=1000000 "$@" >"$out/bench.txt" 2>&1 &
bench_pid=$!

host_pid=""
for _ in $(seq 1 600); do
  host_pid=$(grep -oP 'host pid \K[0-9]+' "$out/bench.txt" 2>/dev/null | head -n 1 || true)
  [ -n "$host_pid" ] && break
  if ! kill -0 "$bench_pid" 2>/dev/null; then break; fi
  sleep 0.2
done
if [ -z "$host_pid" ]; then
  wait "$bench_pid" || true
  echo "The benchmark did not start a host; see $out/bench.txt" >&2
  exit 1
fi

perf record -k mono -F 2999 -g -p "$host_pid" -o "$out/perf.data" >"$out/perf.log" 2>&1 &
perf_pid=$!
# The benchmark exits 1 when a target is missed, as its latencies are under sampling: not this script's failure.
wait "$bench_pid" || true
kill -INT "$perf_pid" 2>/dev/null || true
wait "$perf_pid" || true

perf script -i "$out/perf.data" -F time,ip,sym,dso 2>/dev/null \
  | python3 scripts/fold-perf.py "$out/marks.txt" "$out/folded.txt" >"$out/summary.txt"
grep -E 'p99 of each|CPU per POST, each|probe' "$out/bench.txt" || true
head -n 40 "$out/summary.txt"
echo "profile in $out"
