#!/usr/bin/env bash
# Builds the test control plane (kube-apiserver, kube-controller-manager,
# kube-scheduler, kubectl, etcd, kwok) from the Go module proxy and caches the binaries
# outside the repository, keyed by version. A second run with the same
# versions is a cache hit and builds nothing.
#
# Kubernetes' own go.mod points its staging modules (k8s.io/api, ...) at
# ./staging, which Go ignores for a dependency; a small wrapper module replaces
# each of them with its published v0.X.Y release instead.
set -euo pipefail

K8S_VERSION="${K8S_VERSION:-v1.37.2}"
ETCD_VERSION="${ETCD_VERSION:-v3.7.0}"   # the etcd that Kubernetes v1.37 pins in build/dependencies.yaml
KWOK_VERSION="${KWOK_VERSION:-v0.8.0}"

CACHE_ROOT="${KUBEFIX_CACHE:-$HOME/.cache/kubefix}"
KEY="k8s-${K8S_VERSION}_etcd-${ETCD_VERSION}_kwok-${KWOK_VERSION}"
BIN_DIR="$CACHE_ROOT/controlplane/$KEY/bin"
BINARIES=(kube-apiserver kube-controller-manager kube-scheduler kubectl etcd kwok)

if [[ "${1:-}" == "--print-bin-dir" ]]; then
  echo "$BIN_DIR"
  exit 0
fi

cached=1
for b in "${BINARIES[@]}"; do [[ -x "$BIN_DIR/$b" ]] || cached=0; done
if [[ $cached == 1 ]]; then
  echo "control plane cached: $BIN_DIR"
  exit 0
fi

command -v go >/dev/null || { echo "go is required to build the test control plane (Go 1.26+)" >&2; exit 1; }

WORK="$CACHE_ROOT/controlplane/$KEY/src"
mkdir -p "$BIN_DIR" "$WORK"
start=$(date +%s)

# Writes a wrapper module in $1 named $2 that requires "$3 $4" and
# blank-imports the main packages listed after that, so `go mod tidy` pins them.
write_wrapper() {
  local dir=$1 name=$2 mod=$3 ver=$4; shift 4
  mkdir -p "$dir"
  printf 'module %s\n\ngo 1.26.0\n\nrequire %s %s\n' "$name" "$mod" "$ver" >"$dir/go.mod"
  {
    printf '//go:build tools\n\npackage tools\n\nimport (\n'
    for p in "$@"; do printf '\t_ "%s"\n' "$p"; done
    printf ')\n'
  } >"$dir/tools.go"
}

build_kubernetes() {
  local dir="$WORK/kubernetes" minor
  write_wrapper "$dir" kubefix.local/kubernetes k8s.io/kubernetes "$K8S_VERSION" \
    k8s.io/kubernetes/cmd/kube-apiserver k8s.io/kubernetes/cmd/kube-controller-manager \
    k8s.io/kubernetes/cmd/kube-scheduler k8s.io/kubernetes/cmd/kubectl
  (cd "$dir" && go mod download k8s.io/kubernetes@"$K8S_VERSION")
  local kdir; kdir=$(cd "$dir" && go list -m -f '{{.Dir}}' k8s.io/kubernetes@"$K8S_VERSION" 2>/dev/null || true)
  [[ -n "$kdir" ]] || kdir="$(go env GOMODCACHE)/k8s.io/kubernetes@$K8S_VERSION"
  local staging="v0.${K8S_VERSION#v1.}"
  {
    echo 'replace ('
    # Every staging module Kubernetes requires at v0.0.0 is replaced by its published release.
    grep -E '^\s+k8s\.io/[a-z0-9-]+ v0\.0\.0$' "$kdir/go.mod" | awk -v v="$staging" '{printf "\t%s => %s %s\n", $1, $1, v}'
    echo ')'
  } >>"$dir/go.mod"
  minor=$(echo "$K8S_VERSION" | cut -d. -f2)
  local pkg=k8s.io/component-base/version
  local ldflags="-s -w -X $pkg.gitVersion=$K8S_VERSION -X $pkg.gitMajor=1 -X $pkg.gitMinor=$minor \
    -X $pkg.gitTreeState=clean -X $pkg.buildDate=1970-01-01T00:00:00Z -X $pkg.gitCommit=kubefix-module-build"
  (cd "$dir" && go mod tidy && go build -ldflags "$ldflags" -o "$BIN_DIR/" \
    k8s.io/kubernetes/cmd/kube-apiserver k8s.io/kubernetes/cmd/kube-controller-manager \
    k8s.io/kubernetes/cmd/kube-scheduler k8s.io/kubernetes/cmd/kubectl)
}

build_etcd() {
  local dir="$WORK/etcd"
  write_wrapper "$dir" kubefix.local/etcd go.etcd.io/etcd/server/v3 "$ETCD_VERSION" go.etcd.io/etcd/server/v3
  (cd "$dir" && go mod tidy && go build -ldflags "-s -w" -o "$BIN_DIR/etcd" go.etcd.io/etcd/server/v3)
}

build_kwok() {
  local dir="$WORK/kwok"
  write_wrapper "$dir" kubefix.local/kwok sigs.k8s.io/kwok "$KWOK_VERSION" sigs.k8s.io/kwok/cmd/kwok
  (cd "$dir" && go mod tidy && go build -ldflags "-s -w" -o "$BIN_DIR/kwok" sigs.k8s.io/kwok/cmd/kwok)
}

[[ -x "$BIN_DIR/etcd" ]] || build_etcd
[[ -x "$BIN_DIR/kwok" ]] || build_kwok
k8s_cached=1
for b in kube-apiserver kube-controller-manager kube-scheduler kubectl; do [[ -x "$BIN_DIR/$b" ]] || k8s_cached=0; done
[[ $k8s_cached == 1 ]] || build_kubernetes

echo "control plane built in $(( $(date +%s) - start ))s: $BIN_DIR"
