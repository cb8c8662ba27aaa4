#!/usr/bin/env bash
# Times bench/spark/figure1a-quick.yaml on the local runner, on Spark local[2] and on a Spark standalone
# cluster of two one-core workers started here on 127.0.0.1 (docs/PERFORMANCE.md, "Sweeps on Spark"),
# then checks that the three runs.jsonl agree record by record apart from "seconds".
#   [SPEC=bench/spark/overhead.yaml] bench/spark/measure.sh [OUT]     (default OUT: results/spark-bench)
# The cluster uses no Spark distribution: SPARK_HOME/jars links the jars of spark/target/spark-classpath.txt
# (what `./implreg --engine spark` runs on) and the executors get implreg from the driver (spark.jars, the
# application jar). Every process binds 127.0.0.1; all are stopped on exit.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
out="${1:-$root/results/spark-bench}"
spec="$(cd "$root" && realpath "${SPEC:-bench/spark/figure1a-quick.yaml}")"
rm -rf "$out" && mkdir -p "$out"
cd "$root"
./implreg run --help >/dev/null                      # builds cli/target/implreg.jar if needed
./implreg run --engine spark --help >/dev/null       # builds spark/target/implreg-spark-app.jar if needed

timed() { # NAME COMMAND...: wall seconds to $out/NAME.time, stderr to $out/NAME.log
  local name="$1"; shift
  local t0 t1
  t0=$(date +%s.%N)
  "$@" 2>"$out/$name.log" >/dev/null || { echo "$name failed: $(tail -3 "$out/$name.log")" >&2; return 1; }
  t1=$(date +%s.%N)
  echo "$t1 - $t0" | bc > "$out/$name.time"
  echo "$name: $(cat "$out/$name.time") s wall; $(grep -h 'units in\|runs (' "$out/$name.log" | tr '\n' ' ')" >&2
}

timed local ./implreg run "$spec" --out "$out/local" --threads 2 --quiet
timed local2 ./implreg run "$spec" --out "$out/local2" --engine spark --master 'local[2]' --quiet

# a standalone master and two workers (1 core, 1 GiB each) on 127.0.0.1
home="$out/spark-home"
mkdir -p "$home/jars" "$home/conf"
tr ':' '\n' < spark/target/spark-classpath.txt | while read -r j; do ln -sf "$j" "$home/jars/"; done
cp spark/src/main/resources/log4j2.properties "$home/conf/"
opts="--add-opens=java.base/java.lang=ALL-UNNAMED --add-opens=java.base/java.nio=ALL-UNNAMED --add-opens=java.base/sun.nio.ch=ALL-UNNAMED --add-opens=java.base/java.util=ALL-UNNAMED --add-opens=java.base/java.lang.invoke=ALL-UNNAMED"
port="${SPARK_BENCH_PORT:-7177}"
pids=()
cleanup() { for p in "${pids[@]}"; do pkill -9 -P "$p" 2>/dev/null || true; kill -9 "$p" 2>/dev/null || true; done; }
trap cleanup EXIT
export SPARK_HOME="$home" SPARK_SCALA_VERSION=2.13 SPARK_LOCAL_IP=127.0.0.1
# shellcheck disable=SC2086
java $opts -Xmx256m -cp "$home/conf:$home/jars/*" org.apache.spark.deploy.master.Master --host 127.0.0.1 --port "$port" \
  --webui-port 0 >"$out/master.log" 2>&1 &
pids+=($!)
for w in 0 1; do
  # shellcheck disable=SC2086
  java $opts -Xmx256m -cp "$home/conf:$home/jars/*" org.apache.spark.deploy.worker.Worker "spark://127.0.0.1:$port" --host 127.0.0.1 \
    --port 0 --webui-port 0 --cores 1 --memory 1g --work-dir "$out/worker$w" >"$out/worker$w.log" 2>&1 &
  pids+=($!)
done
sleep 8
timed cluster ./implreg run "$spec" --out "$out/cluster" --engine spark --master "spark://127.0.0.1:$port" --quiet \
  --conf spark.driver.host=127.0.0.1 --conf spark.driver.bindAddress=127.0.0.1 --conf spark.ui.enabled=false \
  --conf spark.executor.memory=900m --conf spark.cores.max=2

python3 - "$out" <<'PY'
import json, re, sys
out = sys.argv[1]
def records(name):
    m = {}
    for line in open(f"{out}/{name}/runs.jsonl"):
        key = json.loads(line)["key"]
        assert key not in m, f"{name}: {key} twice"
        m[key] = re.sub(r',"seconds":[^,]*,"error":', ',"error":', line)
    return m
ref = records("local")
for name in ("local2", "cluster"):
    assert records(name) == ref, f"{name} differs from the local runner"
print(f"{len(ref)} records, equal (apart from seconds) on the three engines", file=sys.stderr)
PY
