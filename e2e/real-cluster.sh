#!/usr/bin/env bash
# e2e/real-cluster.sh — the end-to-end suite on a real Kubernetes v1.20.2 control plane.
#
# Starts etcd + kube-apiserver (RBAC on) + kube-controller-manager on 127.0.0.1 (e2e/control-plane.sh;
# the binaries are built once into ~/.cache/canarykit-k8s and reused), installs what a user installs
# (`kubectl apply -k examples/operator/deploy/`: CRDs, RBAC, the operator's namespace and Deployment;
# the official Gateway API HTTPRoute CRD), starts a real Prometheus that scrapes the played pods,
# runs the cases (module e2e, profile e2e) and stops exactly what it started.
#
# Writes target/e2e/summary.json ({"kubernetesVersion", "cases": [{"name", "passed", "seconds"}]}) and
# each case's artifacts (kubectl transcripts, operator logs, applied manifests) under target/e2e/.
# Exits 0 only when every case passed.
#
# Env: PROMETHEUS_PORT=19391, KAPI_DIR (see control-plane.sh), E2E_TESTS (a surefire -Dtest filter,
# default every *E2eTest), KEEP_CLUSTER=1 (leave the control plane running afterwards).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
OUT=$ROOT/target/e2e
PROMETHEUS_PORT=${PROMETHEUS_PORT:-19391}
E2E_TESTS=${E2E_TESTS:-*E2eTest}
export KAPI_DIR=${KAPI_DIR:-$HOME/.cache/canarykit-k8s}

log() { echo "[$(date +%T)] e2e: $*"; }
T0=$(date +%s)
rm -rf "$OUT" && mkdir -p "$OUT/prometheus"

PROM_PID=
cleanup() {
  local status=$?
  if [[ -n $PROM_PID ]] && kill -0 "$PROM_PID" 2>/dev/null; then kill "$PROM_PID"; wait "$PROM_PID" 2>/dev/null || true; fi
  if [[ ${KEEP_CLUSTER:-0} != 1 ]]; then e2e/control-plane.sh stop || true; fi
  cp -r "$KAPI_DIR/run/logs" "$OUT/control-plane-logs" 2>/dev/null || true
  log "done in $(( $(date +%s) - T0 )) s, exit $status"
  exit "$status"
}
trap cleanup EXIT

command -v prometheus >/dev/null || { echo "prometheus not installed (Debian package prometheus)" >&2; exit 2; }

e2e/control-plane.sh start
export KUBECONFIG=$KAPI_DIR/admin.kubeconfig
KUBECTL=$KAPI_DIR/bin/kubectl

log "installing CanaryKit (kubectl apply -k examples/operator/deploy/) and the Gateway API HTTPRoute CRD"
$KUBECTL apply -k examples/operator/deploy/
# No kubelet runs containers here: the operator runs as a local JVM process with its ServiceAccount's token.
$KUBECTL -n canarykit scale deployment canarykit-operator --replicas=0
# v1.20 concessions, see e2e/crds/gateway-api/README.md.
sed '/^ *default: ""$/d' e2e/crds/gateway-api/httproutes-standard-v1.6.1.yaml | $KUBECTL apply --validate=false -f -
$KUBECTL wait --for condition=established --timeout=60s crd/canaries.flagger.app crd/httproutes.gateway.networking.k8s.io

log "starting Prometheus on 127.0.0.1:$PROMETHEUS_PORT"
TARGETS=$OUT/prometheus/targets.json
echo '[]' >"$TARGETS"
cat >"$OUT/prometheus/prometheus.yml" <<YML
global: {scrape_interval: 1s, evaluation_interval: 1s}
scrape_configs:
  - job_name: pods
    scrape_interval: 1s
    scrape_timeout: 900ms
    file_sd_configs:
      - files: ['$TARGETS']
        refresh_interval: 1s
YML
prometheus --config.file="$OUT/prometheus/prometheus.yml" --storage.tsdb.path="$OUT/prometheus/data" \
  --web.listen-address="127.0.0.1:$PROMETHEUS_PORT" --web.enable-admin-api --log.level=warn >"$OUT/prometheus/prometheus.log" 2>&1 &
PROM_PID=$!
for _ in $(seq 1 120); do
  curl -fs "http://127.0.0.1:$PROMETHEUS_PORT/-/ready" >/dev/null 2>&1 && break
  kill -0 "$PROM_PID" 2>/dev/null || { cat "$OUT/prometheus/prometheus.log" >&2; exit 2; }
  sleep 0.25
done

log "running the cases ($E2E_TESTS)"
set +e
KUBECTL=$KUBECTL PROMETHEUS_URL="http://127.0.0.1:$PROMETHEUS_PORT" E2E_SCRAPE_TARGETS=$TARGETS E2E_OUT=$OUT \
  E2E_CONTROL_PLANE=$ROOT/e2e/control-plane.sh E2E_PROJECT_ROOT=$ROOT \
  ./mvnw -B -ntp -Pe2e -pl e2e -am verify -Dtest="$E2E_TESTS" -Dsurefire.failIfNoSpecifiedTests=false
MVN=$?
set -e
if [[ ! -f $OUT/summary.json ]]; then
  printf '{\n  "kubernetesVersion": "%s",\n  "cases": [\n    {"name": "build and start of the suite", "passed": false, "seconds": 0}\n  ]\n}\n' \
    "$($KUBECTL version -o json 2>/dev/null | sed -n 's/.*"gitVersion": *"\(v[^"]*\)".*/\1/p' | tail -1)" >"$OUT/summary.json"
fi
cat "$OUT/summary.json"
if [[ $MVN -ne 0 ]] || grep -q '"passed": false' "$OUT/summary.json"; then
  log "FAILED (maven exit $MVN); artifacts in $OUT, test output in e2e/target/surefire-reports"
  exit 1
fi
log "every case passed"
