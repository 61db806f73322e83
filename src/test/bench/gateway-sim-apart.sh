#!/bin/bash
# The gateway with the Ayla simulator as its own process, for the shared SSE harness:
#   GATEWAY_CMD=$PWD/src/test/bench/gateway-sim-apart.sh FLEET=2000 ./run.sh gateway 2000 60000 2000
# The harness pins this process to its server core and measures it and its descendants; the
# simulator is started detached (not a descendant) on the client core (SIM_CPU, default 1), so the
# figures are the gateway's own. It is stopped by `pkill -f dss.role=simulator` after the run.
# GC logs: /tmp/dss-sim-gc.log and /tmp/dss-gateway-gc.log.
cd "$(dirname "$0")/../../.."
SIM_PORT="${DSS_SIM_PORT:-8090}"
( setsid taskset -c "${SIM_CPU:-1}" java -Xlog:gc:file=/tmp/dss-sim-gc.log -Xmx1g -XX:+UseSerialGC \
    -XX:TieredStopAtLevel=1 -Ddss.role=simulator -Ddss.hub.store-path=mem \
    -jar target/dss-gateway.jar > /tmp/dss-sim.log 2>&1 & )
for i in $(seq 1 100); do (echo > "/dev/tcp/127.0.0.1/$SIM_PORT") 2>/dev/null && break; sleep 0.2; done
exec java @conf/jvm.options -Xlog:gc:file=/tmp/dss-gateway-gc.log ${GATEWAY_EXTRA_JVM:-} -Ddss.role=gateway \
  -Ddss.ayla.user-url="http://127.0.0.1:$SIM_PORT" -Ddss.ayla.ads-url="http://127.0.0.1:$SIM_PORT" \
  -Ddss.ayla.dss-url="http://127.0.0.1:$SIM_PORT" -Ddss.ayla.dss-ws-url="ws://127.0.0.1:$SIM_PORT/stream" \
  -jar target/dss-gateway.jar
