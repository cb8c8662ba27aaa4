#!/usr/bin/env bash
# A Spark standalone cluster (one master, N workers) on this machine, from the project's own Spark class path
# (spark/target/spark-classpath.txt: what `./implreg --engine spark` runs on; no Spark distribution), in two commands:
#
#   scripts/spark-cluster.sh start [--workers N] [--host ADDR] [--port P] [--webui-port P] [--cores C] [--memory M]
#       prints the master URL (spark://ADDR:P) on stdout; then
#       ./implreg run SPEC --out DIR --engine spark --master spark://ADDR:P --conf spark.driver.host=ADDR
#   scripts/spark-cluster.sh stop        stops every process it started (their executors included), nothing else
#   scripts/spark-cluster.sh status      the master URL and the pids, exit 3 when not running
#
# Defaults: 1 worker, host 127.0.0.1 (every socket of the master, the workers, their web UIs and their executors is
# bound there; give a reachable address to let other machines' workers or drivers in), port 7077, web UI 8080,
# 1 core and 1g per worker. State (pid files, logs, SPARK_HOME, work dirs): $IMPLREG_SPARK_HOME, default
# target/spark-cluster; `stop` removes it. IMPLREG_SPARK_CLASSPATH replaces spark-classpath.txt (the tests give theirs);
# JAVA names the java binary. Bad input: exit 2 and one line; a failed start: exit 1, the log's tail, nothing left running.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
state="${IMPLREG_SPARK_HOME:-$root/target/spark-cluster}"
java_bin="${JAVA:-java}"
me="spark-cluster"

die() { echo "$me: error: $*" >&2; exit 2; }
fail() { echo "$me: $*" >&2; exit 1; }

usage="usage: scripts/spark-cluster.sh start|stop|status [--workers N] [--host ADDR] [--port P] [--webui-port P] [--cores C] [--memory M]"
[ $# -ge 1 ] || die "$usage"
cmd="$1"
shift
case "$cmd" in start|stop|status) ;; -h|--help) echo "$usage"; exit 0 ;; *) die "unknown command '${cmd:0:40}' ($usage)" ;; esac

workers=1 host=127.0.0.1 port=7077 webui=8080 cores=1 memory=1g
while [ $# -gt 0 ]; do
  opt="$1"
  case "$opt" in
    --workers|--host|--port|--webui-port|--cores|--memory)
      [ "$cmd" = start ] || die "$opt is an option of start, not of $cmd"
      [ $# -ge 2 ] || die "$opt needs a value"
      val="$2"
      shift 2 ;;
    *) die "unknown option '${opt:0:40}' ($usage)" ;;
  esac
  case "$opt" in
    --workers) [[ "$val" =~ ^[0-9]{1,3}$ ]] && [ "$val" -ge 1 ] && [ "$val" -le 64 ] || die "--workers must be a whole number in 1..64, got '${val:0:40}'"; workers="$val" ;;
    --cores) [[ "$val" =~ ^[0-9]{1,4}$ ]] && [ "$val" -ge 1 ] || die "--cores must be a whole number ≥ 1, got '${val:0:40}'"; cores="$val" ;;
    --memory) [[ "$val" =~ ^[1-9][0-9]{0,6}[mMgG]$ ]] || die "--memory must be a size such as 512m or 2g, got '${val:0:40}'"; memory="$val" ;;
    --port|--webui-port)
      [[ "$val" =~ ^[0-9]{1,5}$ ]] && [ "$val" -ge 1 ] && [ "$val" -le 65535 ] || die "$opt must be a port in 1..65535, got '${val:0:40}'"
      if [ "$opt" = --port ]; then port="$val"; else webui="$val"; fi ;;
    --host) [[ "$val" =~ ^[A-Za-z0-9]([A-Za-z0-9.-]{0,252})$ ]] || die "--host must be an IPv4 address or a host name, got '${val:0:40}'"; host="$val" ;;
  esac
done
[ "$port" != "$webui" ] || die "--port and --webui-port must differ, both are $port"

# the pid of a process this script started and that still runs: the marker on its command line names this state folder
ours() {
  local pid="$1"
  [[ "$pid" =~ ^[0-9]+$ ]] && grep -qzxF -- "-Dimplreg.spark.cluster=$state" "/proc/$pid/cmdline" 2>/dev/null
}

running_pids() {
  local f pid
  for f in "$state"/pids/*.pid; do
    [ -f "$f" ] || continue
    pid="$(cat "$f")"
    if ours "$pid"; then echo "$pid"; fi
  done
}

stop_all() {
  local pids pid i
  pids="$(running_pids || true)"
  for pid in $pids; do kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true; done  # each is a process group leader (setsid): its executors go too
  for i in $(seq 1 100); do
    local alive=""
    for pid in $pids; do if ours "$pid" || pgrep -g "$pid" >/dev/null; then alive="$alive $pid"; fi; done
    [ -z "$alive" ] && return 0
    if [ "$i" -eq 60 ]; then for pid in $alive; do kill -KILL -- "-$pid" 2>/dev/null || kill -KILL "$pid" 2>/dev/null || true; done; fi
    sleep 0.1
  done
  echo "$me: still running after SIGKILL: $alive" >&2
  return 1
}

case "$cmd" in
  stop)
    if [ ! -d "$state/pids" ]; then echo "$me: nothing to stop (no cluster state in $state)" >&2; exit 0; fi
    n="$(running_pids | wc -l)"
    stop_all || fail "could not stop every process; $state kept"
    rm -rf "$state"
    echo "$me: stopped $n process(es); removed $state" >&2
    exit 0 ;;
  status)
    pids="$(running_pids || true)"
    if [ -z "$pids" ]; then echo "$me: not running ($state)" >&2; exit 3; fi
    echo "$me: $(cat "$state/master-url" 2>/dev/null), pids $(echo $pids)" >&2
    cat "$state/master-url"
    exit 0 ;;
esac

# start
if [ -n "$(running_pids 2>/dev/null || true)" ]; then
  fail "a cluster is already running from $state ($(cat "$state/master-url" 2>/dev/null)): scripts/spark-cluster.sh stop first"
fi
command -v "$java_bin" >/dev/null 2>&1 || fail "no java ('$java_bin') on the PATH"
if [ -n "${IMPLREG_SPARK_CLASSPATH:-}" ]; then
  cp="$IMPLREG_SPARK_CLASSPATH"
else
  if [ ! -f "$root/spark/target/spark-classpath.txt" ] || [ ! -f "$root/spark/target/implreg-spark-app.jar" ]; then
    echo "$me: building the spark module (first use)..." >&2
    "$root/implreg" run --engine spark --help >/dev/null || fail "could not build the spark module (see $root/.build.log)"
  fi
  cp="$(cat "$root/spark/target/spark-classpath.txt")"
fi
if (exec 3<>"/dev/tcp/$host/$port") 2>/dev/null; then fail "something already listens on $host:$port (--port to choose another)"; fi
if (exec 3<>"/dev/tcp/$host/$webui") 2>/dev/null; then fail "something already listens on $host:$webui (--webui-port to choose another)"; fi

rm -rf "$state"
mkdir -p "$state/pids" "$state/logs" "$state/home/jars" "$state/home/conf" "$state/work"
# SPARK_HOME for the workers, which build their executors' class path from SPARK_HOME/jars (the same jars)
IFS=':' read -r -a entries <<< "$cp"
for j in "${entries[@]}"; do case "$j" in *.jar) ln -sf "$j" "$state/home/jars/" ;; esac; done
# the daemons log at INFO (as Spark's own scripts do; the start waits for a worker's "Successfully registered")
cat > "$state/home/conf/log4j2.properties" <<'EOF'
rootLogger.level = info
rootLogger.appenderRef.stderr.ref = console
appender.console.type = Console
appender.console.name = console
appender.console.target = SYSTEM_ERR
appender.console.layout.type = PatternLayout
appender.console.layout.pattern = %d{yy/MM/dd HH:mm:ss} %p %c{1}: %m%n%ex
EOF

# Spark's JVM options on Java 17 (the list ./implreg and spark/pom.xml pass: org.apache.spark.launcher.JavaModuleOptions)
opts="-XX:+IgnoreUnrecognizedVMOptions --add-opens=java.base/java.lang=ALL-UNNAMED --add-opens=java.base/java.lang.invoke=ALL-UNNAMED
  --add-opens=java.base/java.lang.reflect=ALL-UNNAMED --add-opens=java.base/java.io=ALL-UNNAMED --add-opens=java.base/java.net=ALL-UNNAMED
  --add-opens=java.base/java.nio=ALL-UNNAMED --add-opens=java.base/java.util=ALL-UNNAMED --add-opens=java.base/java.util.concurrent=ALL-UNNAMED
  --add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED --add-opens=java.base/jdk.internal.ref=ALL-UNNAMED
  --add-opens=java.base/sun.nio.ch=ALL-UNNAMED --add-opens=java.base/sun.nio.cs=ALL-UNNAMED --add-opens=java.base/sun.security.action=ALL-UNNAMED
  --add-opens=java.base/sun.util.calendar=ALL-UNNAMED --add-opens=java.security.jgss/sun.security.krb5=ALL-UNNAMED
  -Dio.netty.tryReflectionSetAccessible=true"
export SPARK_HOME="$state/home" SPARK_SCALA_VERSION=2.13 SPARK_LOCAL_IP="$host" SPARK_LOCAL_HOSTNAME="$host" OPENBLAS_NUM_THREADS=1

daemon() { # NAME MAIN ARGS...: a JVM in its own session (so that stop reaches its executors), pid to pids/NAME.pid
  local name="$1" main="$2"
  shift 2
  # shellcheck disable=SC2086
  setsid "$java_bin" $opts -Xmx256m -XX:TieredStopAtLevel=1 -XX:+UseSerialGC "-Dimplreg.spark.cluster=$state" \
    -Dspark.master.rest.enabled=false -cp "$state/home/conf:$cp" "$main" "$@" >"$state/logs/$name.log" 2>&1 < /dev/null &
  # setsid execs java in place (this shell runs without job control, so its children lead no group): $! is the JVM
  echo $! > "$state/pids/$name.pid"
}

started_ok=false
cleanup() { if ! $started_ok; then stop_all || true; fi; }
trap cleanup EXIT

tail_log() { echo "--- $1 (last lines) ---" >&2; tail -n 15 "$state/logs/$1.log" >&2 || true; }

url="spark://$host:$port"
daemon master org.apache.spark.deploy.master.Master --host "$host" --port "$port" --webui-port "$webui"
deadline=$((SECONDS + 90))
until (exec 3<>"/dev/tcp/$host/$port") 2>/dev/null; do
  ours "$(cat "$state/pids/master.pid")" || { tail_log master; fail "the master ended before it listened on $host:$port"; }
  [ $SECONDS -lt $deadline ] || { tail_log master; fail "the master does not listen on $host:$port after 90 s"; }
  sleep 0.2
done
for w in $(seq 1 "$workers"); do
  mkdir -p "$state/work/worker-$w"
  daemon "worker-$w" org.apache.spark.deploy.worker.Worker "$url" --host "$host" --port 0 --webui-port 0 \
    --cores "$cores" --memory "$memory" --work-dir "$state/work/worker-$w"
done
for w in $(seq 1 "$workers"); do
  until grep -q "Successfully registered with master" "$state/logs/worker-$w.log" 2>/dev/null; do
    ours "$(cat "$state/pids/worker-$w.pid")" || { tail_log "worker-$w"; fail "worker $w ended before it registered with $url"; }
    [ $SECONDS -lt $deadline ] || { tail_log "worker-$w"; fail "worker $w did not register with $url within 90 s"; }
    sleep 0.2
  done
done
echo "$url" > "$state/master-url"
started_ok=true
echo "$me: master $url (web UI http://$host:$webui), $workers worker(s) of $cores core(s) and $memory each; logs in $state/logs" >&2
echo "$me: ./implreg run SPEC --out DIR --engine spark --master $url --conf spark.driver.host=$host; then scripts/spark-cluster.sh stop" >&2
echo "$url"
