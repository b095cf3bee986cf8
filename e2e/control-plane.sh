#!/usr/bin/env bash
# e2e/control-plane.sh — a real Kubernetes v1.20.2 control plane on 127.0.0.1 for the end-to-end suite.
#
# Builds kube-apiserver, kube-controller-manager and kubectl from Debian bookworm's `kubernetes` SOURCE
# package (only the Debian mirror is needed: no GitHub, no Go proxy, no registry), once, into a cache
# outside the clone, then runs etcd 3.4 (Debian's etcd-server binary) -> kube-apiserver (RBAC on) ->
# kube-controller-manager on 127.0.0.1 and writes an admin kubeconfig.
#
#   e2e/control-plane.sh build   # apt + fetch + build, skipped when the cached binaries exist
#   e2e/control-plane.sh prepare # only the apt part of build, when the binaries are not cached
#   e2e/control-plane.sh start   # build if needed, then start on a fresh etcd data directory
#   e2e/control-plane.sh stop    # stop exactly the processes `start` started (pid files + command line check)
#   e2e/control-plane.sh restart-apiserver  # stop the API server, compact etcd, start it: every watch gets 410 Gone
#   e2e/control-plane.sh env     # print the exports for a shell (KUBECONFIG, PATH)
# Env knobs:
#   KAPI_DIR=~/.cache/canarykit-k8s   sources, Go cache, binaries (bin/), pki, etcd data, logs (run/)
#   ETCD_PORT=23790 ETCD_PEER_PORT=23800 API_PORT=16443 KCM_PORT=20257 TOKEN=<random per cache>
#   SKIP_APT=1 (golang-go, dpkg-dev, curl, openssl and a deb-src entry already present)  FORCE_BUILD=1  NO_KCM=1
#
# Measured on 2 cores / 24 GiB (Go 1.19): build ~5.5 min cold (kube-apiserver alone ~220 s), start ~6 s.
# Derived from a recipe by the CanaryKit team; Kubernetes itself is Apache-2.0 (its sources are
# fetched and built here, nothing of it is committed).
set -euo pipefail

KAPI_DIR=${KAPI_DIR:-$HOME/.cache/canarykit-k8s}
ETCD_PORT=${ETCD_PORT:-23790}
ETCD_PEER_PORT=${ETCD_PEER_PORT:-23800}
API_PORT=${API_PORT:-16443}
KCM_PORT=${KCM_PORT:-20257}
TOKEN=${TOKEN:-}
NO_KCM=${NO_KCM:-0}
FORCE_BUILD=${FORCE_BUILD:-0}
SKIP_APT=${SKIP_APT:-0}

B=$KAPI_DIR/build          # debs, unpacked source, GOPATH, GOCACHE
BIN=$KAPI_DIR/bin          # resulting binaries
RUN=$KAPI_DIR/run          # pki, etcd data, logs, pid files
export KUBECONFIG=$KAPI_DIR/admin.kubeconfig
KUBECTL=$BIN/kubectl

log()   { echo "[$(date +%T)] $*"; }
timed() { local name=$1; shift; local t0; t0=$(date +%s.%N); "$@"; log "TIMING: $name took $(awk "BEGIN{printf \"%.1f\", $(date +%s.%N)-$t0}") s"; }

# ---------------------------------------------------------------- stop
is_ours() { # pid cmd-substring
  [[ -r /proc/$1/cmdline ]] && tr '\0' ' ' </proc/"$1"/cmdline | grep -q -- "$2"
}
stop_all() {
  local c
  for c in kube-controller-manager kube-apiserver etcd; do stop_one "$c"; done
}

# ---------------------------------------------------------------- 1. apt
apt_setup() {
  export DEBIAN_FRONTEND=noninteractive
  local mirror
  mirror=$(awk '/^URIs:/{print $2; exit}' /etc/apt/sources.list.d/debian.sources 2>/dev/null || true)
  mirror=${mirror:-http://deb.debian.org/debian}
  if ! grep -rqsE '^(Types:.*deb-src|deb-src[[:space:]])' /etc/apt/sources.list /etc/apt/sources.list.d/; then
    log "adding deb-src for $mirror bookworm main"
    cat >/etc/apt/sources.list.d/kapi-deb-src.sources <<EOF
Types: deb-src
URIs: $mirror
Suites: bookworm bookworm-updates
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
EOF
  fi
  apt-get update -q
  # golang-go = Go 1.19 on bookworm (the source package's Build-Depends is just "golang-go").
  # NOTE: do NOT install etcd-server as a package: on a systemd host it would start a second
  # etcd on :2379. We only extract its binary below. kubernetes-client (Debian kubectl) is not
  # used: it is built with Go 1.19 and segfaults in `kubectl config set-*` (reflect2 bug, see below).
  apt-get install -y -q --no-install-recommends golang-go dpkg-dev openssl curl ca-certificates
}

# ---------------------------------------------------------------- 2. fetch sources/debs
fetch() {
  rm -rf "$B/debs" "$B/src" "$B/etcd-deb" "$B/reflect2-deb"
  mkdir -p "$B/debs" && cd "$B/debs"
  apt-get source --download-only kubernetes            # ~34 MB orig tarball incl. vendor/
  apt-get download etcd-server golang-github-modern-go-reflect2-dev
  dpkg-source -x kubernetes_*.dsc "$B/src"
  dpkg-deb -x etcd-server_*.deb "$B/etcd-deb"
  dpkg-deb -x golang-github-modern-go-reflect2-dev_*.deb "$B/reflect2-deb"
}

# ---------------------------------------------------------------- 3. build
build() {
  local S=$B/src
  mkdir -p "$BIN"
  # (a) Go >= 1.18 fix: the vendored github.com/modern-go/reflect2 v1.0.1 calls reflect.mapiterinit
  #     with the pre-1.18 signature -> SIGSEGV/nil-deref panics whenever json-iterator encodes OR decodes a
  #     map (apiserver: POST of a ConfigMap with data/labels, pretty/YAML output; kubectl: kubeconfig writing).
  #     Replace it with Debian's API-compatible reflect2 1.0.2 (golang-github-modern-go-reflect2-dev).
  local R=$S/vendor/github.com/modern-go/reflect2
  rm -f "$R"/*.go "$R"/*.s
  cp "$B"/reflect2-deb/usr/share/gocode/src/github.com/modern-go/reflect2/*.go \
     "$B"/reflect2-deb/usr/share/gocode/src/github.com/modern-go/reflect2/*.s "$R"/
  # (b) Kubernetes 1.20 builds in GOPATH mode (hack/lib/init.sh: GO111MODULE=off) using vendor/.
  mkdir -p "$B/gopath/src/k8s.io"
  ln -sfn "$S" "$B/gopath/src/k8s.io/kubernetes"
  export GOPATH=$B/gopath GO111MODULE=off GOFLAGS= GOPROXY=off GOTOOLCHAIN=local CGO_ENABLED=0 GOCACHE=$B/gocache
  cd "$B/gopath/src/k8s.io/kubernetes"
  go version
  # (c) pkg/generated/openapi/zz_generated.openapi.go is not in the tarball (make generated_files
  #     would create it); run openapi-gen from vendor/ the same way Makefile.generated_files does.
  timed "build openapi-gen" go build -o "$BIN/openapi-gen" ./vendor/k8s.io/kube-openapi/cmd/openapi-gen
  local dirs
  dirs=$(set +o pipefail
    find -H . -not \( \( -path './_*' -o -path './.*' -o -path ./vendor \) -prune \) -type f -name '*.go' \
      | sed 's|^./staging/src|vendor|; s|^\./||' \
      | xargs grep --color=never -l '^// *+k8s:' \
      | grep -v -e '^vendor/k8s.io/code-generator/' -e '^vendor/k8s.io/sample-apiserver/' \
      | xargs grep --color=never -l '+k8s:openapi-gen=' | xargs -n1 dirname | LC_ALL=C sort -u \
      | sed 's|^|k8s.io/kubernetes/|' | paste -sd, -)
  [[ -n $dirs ]] || { echo "no openapi input dirs found" >&2; exit 1; }
  timed "openapi-gen" "$BIN/openapi-gen" --logtostderr -i "$dirs" \
    -p k8s.io/kubernetes/pkg/generated/openapi -O zz_generated.openapi \
    -h vendor/k8s.io/code-generator/hack/boilerplate.go.txt -r "$B/openapi-violations.report" 2>"$B/openapi-gen.log"
  # (d) version stamping (what hack/lib/version.sh would do from git)
  local kver commit ldflags p
  kver=$(dpkg-parsechangelog -l debian/changelog -S Version | sed 's/.*really//; s/[-+~].*//')   # 1.20.2
  commit=$(sed -n 's/^[[:space:]]*gitCommit[^"]*"\([0-9a-f]\{40\}\)".*/\1/p' staging/src/k8s.io/component-base/version/base.go)
  ldflags="-s -w"
  for p in k8s.io/kubernetes/vendor/k8s.io/component-base/version k8s.io/kubernetes/vendor/k8s.io/client-go/pkg/version; do
    ldflags+=" -X $p.gitVersion=v$kver -X $p.gitMajor=${kver%%.*} -X $p.gitMinor=$(echo "$kver" | cut -d. -f2)"
    ldflags+=" -X $p.gitCommit=$commit -X $p.gitTreeState=archive -X $p.buildDate=$(date -u +%Y-%m-%dT%H:%M:%SZ)"
  done
  # (e) build. ~1.3 GiB RSS per link; go build uses all cores.
  local c
  for c in kube-apiserver kube-controller-manager kubectl; do
    [[ $NO_KCM == 1 && $c == kube-controller-manager ]] && continue
    timed "go build $c" go build -ldflags "$ldflags" -o "$BIN/$c" "./cmd/$c"
  done
  cp "$B/etcd-deb/usr/bin/etcd" "$BIN/etcd"
  ls -la "$BIN"
  "$BIN/kube-apiserver" --version
}

# ---------------------------------------------------------------- 4. pki
pki() {
  mkdir -p "$RUN/pki" && cd "$RUN/pki"
  [[ -f serving.crt ]] || openssl req -x509 -newkey rsa:2048 -nodes -days 365 \
      -keyout serving.key -out serving.crt -subj "/CN=kube-apiserver" \
      -addext "subjectAltName=IP:127.0.0.1,IP:10.0.0.1,DNS:localhost,DNS:kubernetes,DNS:kubernetes.default,DNS:kubernetes.default.svc" 2>/dev/null
  [[ -f sa.key ]] || { openssl genrsa -out sa.key 2048 2>/dev/null; openssl rsa -in sa.key -pubout -out sa.pub 2>/dev/null; }
  # A random admin token per cache directory: nothing listening on loopback answers to a known password.
  [[ -n $TOKEN ]] || { [[ -f admin.token ]] || head -c 24 /dev/urandom | base64 | tr -d '/+=' >admin.token; TOKEN=$(cat admin.token); }
  echo "$TOKEN,admin,admin-uid,system:masters" >tokens.csv
  chmod 600 serving.key sa.key tokens.csv admin.token 2>/dev/null || chmod 600 serving.key sa.key tokens.csv
}

wait_http() { # name url [curl args...]
  local name=$1 url=$2; shift 2
  for _ in $(seq 1 240); do
    if curl -fsk --max-time 2 "$@" "$url" 2>/dev/null | grep -qx ok; then return 0; fi
    sleep 0.5
  done
  echo "$name did not become ready; last log lines:" >&2; tail -30 "$RUN/logs/$name.log" >&2; return 1
}
start_bg() { # name cmd...   (nohup, pid file)
  local name=$1; shift
  nohup "$@" >>"$RUN/logs/$name.log" 2>&1 &
  echo $! >"$RUN/$name.pid"
  log "started $name pid $!"
}

# ---------------------------------------------------------------- 5. run
start_all() {
  mkdir -p "$RUN/logs"
  start_bg etcd "$BIN/etcd" --name kapi --data-dir "$RUN/etcd-data" \
    --listen-client-urls "http://127.0.0.1:$ETCD_PORT" --advertise-client-urls "http://127.0.0.1:$ETCD_PORT" \
    --listen-peer-urls "http://127.0.0.1:$ETCD_PEER_PORT" --initial-advertise-peer-urls "http://127.0.0.1:$ETCD_PEER_PORT" \
    --initial-cluster "kapi=http://127.0.0.1:$ETCD_PEER_PORT" --initial-cluster-state new
  timed "etcd ready" wait_until_etcd
  start_apiserver
  write_kubeconfig
  if [[ $NO_KCM != 1 ]]; then
    # The controllers' client is throttled to 20 requests a second by default: a fleet case's thousand
    # Deployments (each a ReplicaSet, a Pod and status updates, twice) would take minutes to roll out.
    start_bg kube-controller-manager "$BIN/kube-controller-manager" --kubeconfig="$KUBECONFIG" \
      --bind-address=127.0.0.1 --secure-port="$KCM_PORT" --port=0 --leader-elect=false \
      --service-account-private-key-file="$RUN/pki/sa.key" --root-ca-file="$RUN/pki/serving.crt" \
      --use-service-account-credentials=false --cert-dir="$RUN/kcm-certs" \
      --kube-api-qps=500 --kube-api-burst=1000
    timed "kube-controller-manager healthy" wait_http kube-controller-manager "https://127.0.0.1:$KCM_PORT/healthz"
  fi
}
start_apiserver() {
  start_bg kube-apiserver "$BIN/kube-apiserver" \
    --etcd-servers="http://127.0.0.1:$ETCD_PORT" \
    --bind-address=127.0.0.1 --secure-port="$API_PORT" \
    --advertise-address=127.0.0.1 --endpoint-reconciler-type=none \
    --tls-cert-file="$RUN/pki/serving.crt" --tls-private-key-file="$RUN/pki/serving.key" \
    --cert-dir="$RUN/apiserver-certs" \
    --token-auth-file="$RUN/pki/tokens.csv" --authorization-mode=RBAC \
    --service-account-issuer=https://kubernetes.default.svc.cluster.local \
    --service-account-key-file="$RUN/pki/sa.pub" --service-account-signing-key-file="$RUN/pki/sa.key" \
    --service-cluster-ip-range=10.0.0.0/16
  timed "kube-apiserver ready" wait_http kube-apiserver "https://127.0.0.1:$API_PORT/readyz" -H "Authorization: Bearer $TOKEN"
}
write_kubeconfig() {
  cat >"$KUBECONFIG" <<EOF
apiVersion: v1
kind: Config
clusters:
- name: kapi
  cluster:
    server: https://127.0.0.1:$API_PORT
    certificate-authority-data: $(base64 -w0 "$RUN/pki/serving.crt")
users:
- name: admin
  user:
    token: $TOKEN
contexts:
- name: kapi
  context: {cluster: kapi, user: admin}
current-context: kapi
EOF
  chmod 600 "$KUBECONFIG"
}
stop_one() { # name
  local f=$RUN/$1.pid pid
  [[ -f $f ]] || return 0
  pid=$(cat "$f")
  if kill -0 "$pid" 2>/dev/null && is_ours "$pid" "$KAPI_DIR"; then
    log "stopping $1 (pid $pid)"
    kill "$pid"
    for _ in $(seq 1 120); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
    kill -0 "$pid" 2>/dev/null && { log "$1 did not exit, sending SIGKILL"; kill -9 "$pid"; }
  fi
  rm -f "$f"
}
# Forces every watch to expire: kills the API server (SIGKILL, as a crash: a graceful stop waits for
# long-running watches), compacts etcd to its current revision (older resourceVersions are gone for
# good), starts the API server again (an empty watch cache). A client resuming a watch from a
# resourceVersion it saw before gets 410 Gone and must relist.
restart_apiserver_compacted() {
  local pid
  pid=$(cat "$RUN/kube-apiserver.pid")
  if kill -0 "$pid" 2>/dev/null && is_ours "$pid" "$KAPI_DIR"; then
    kill -9 "$pid"
    while kill -0 "$pid" 2>/dev/null; do sleep 0.1; done
    log "killed kube-apiserver (pid $pid)"
  fi
  rm -f "$RUN/kube-apiserver.pid"
  local rev
  rev=$(curl -fs -X POST "http://127.0.0.1:$ETCD_PORT/v3/kv/range" -d '{"key": "AA=="}' | sed -n 's/.*"revision":"\([0-9]*\)".*/\1/p')
  [[ -n $rev ]] || { echo "could not read etcd's revision" >&2; return 1; }
  curl -fs -X POST "http://127.0.0.1:$ETCD_PORT/v3/kv/compaction" -d "{\"revision\": \"$rev\", \"physical\": true}" >/dev/null
  log "etcd compacted at revision $rev"
  start_apiserver
}
wait_until_etcd() {
  for _ in $(seq 1 120); do
    curl -fs --max-time 2 "http://127.0.0.1:$ETCD_PORT/health" 2>/dev/null | grep -q '"health":"true"' && return 0
    sleep 0.5
  done
  echo "etcd not healthy" >&2; tail -20 "$RUN/logs/etcd.log" >&2; return 1
}

# ---------------------------------------------------------------- main
binaries_present() { [[ -x $BIN/kube-apiserver && -x $BIN/kubectl && -x $BIN/etcd && ( $NO_KCM == 1 || -x $BIN/kube-controller-manager ) ]]; }
ensure_built() {
  if [[ $FORCE_BUILD == 1 ]] || ! binaries_present; then
    [[ $SKIP_APT == 1 ]] || timed "apt-get update+install" apt_setup
    timed "fetch+unpack sources" fetch
    timed "build total" build
  else
    log "binaries present in $BIN (FORCE_BUILD=1 to rebuild)"
  fi
}
case ${1:-start} in
  stop) stop_all ;;
  build) ensure_built ;;
  # Installs the build's apt packages when the binaries are not cached yet, so that `SKIP_APT=1 build`
  # can run beside other work (CI builds at low priority while the unit tests run).
  prepare) binaries_present || { [[ $SKIP_APT == 1 ]] || timed "apt-get update+install" apt_setup; } ;;
  restart-apiserver) [[ -n $TOKEN ]] || TOKEN=$(cat "$RUN/pki/admin.token"); restart_apiserver_compacted ;;
  env) echo "export KUBECONFIG=$KUBECONFIG PATH=$BIN:\$PATH" ;;
  start)
    T0=$(date +%s)
    stop_all
    ensure_built
    pki
    rm -rf "$RUN/etcd-data" "$RUN/apiserver-certs" "$RUN/kcm-certs" "$RUN/logs"
    timed "start etcd+apiserver+kcm" start_all
    log "control plane ready in $(( $(date +%s) - T0 )) s: export KUBECONFIG=$KUBECONFIG; logs in $RUN/logs"
    ;;
  *) echo "usage: $0 build|prepare|start|stop|restart-apiserver|env" >&2; exit 2 ;;
esac
