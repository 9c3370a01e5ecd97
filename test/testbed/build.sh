#!/usr/bin/env bash
# Builds the test bed's binaries from Go modules into a cache outside the repository.
# Each tool is skipped when its binary is already there, so a warm run costs nothing.
# Usage: test/testbed/build.sh        prints the bin folder on its last line.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=versions.sh
. "$here/versions.sh"

export GOTOOLCHAIN=local   # fail fast instead of fetching another toolchain
export CGO_ENABLED=0       # Kubernetes server binaries are static upstream too
export GOFLAGS=-mod=mod

bin=$(testbed_bin_dir)
mkdir -p "$bin"

k8s_ldflags() {
  local v="v$K8S_VERSION" minor
  minor=$(echo "$K8S_VERSION" | cut -d. -f2)
  printf '%s ' -s -w \
    -X "k8s.io/component-base/version.gitVersion=$v" \
    -X k8s.io/component-base/version.gitMajor=1 \
    -X "k8s.io/component-base/version.gitMinor=$minor" \
    -X k8s.io/component-base/version.gitTreeState=clean \
    -X k8s.io/component-base/version.buildDate=2026-01-01T00:00:00Z \
    -X "k8s.io/client-go/pkg/version.gitVersion=$v" \
    -X k8s.io/client-go/pkg/version.gitMajor=1 \
    -X "k8s.io/client-go/pkg/version.gitMinor=$minor"
}

# build MODULE_DIR OUTPUT_NAME PACKAGE [LDFLAGS]: one binary, written atomically.
build() {
  local dir=$1 name=$2 pkg=$3 ldflags=${4:--s -w}
  if [ -x "$bin/$name" ]; then return 0; fi
  local start=$SECONDS tmp="$bin/.$name.tmp.$$"
  echo "building $name ($pkg)…" >&2
  (cd "$here/go/$dir" && go build -trimpath -ldflags "$ldflags" -o "$tmp" "$pkg")
  mv "$tmp" "$bin/$name"
  echo "built $name in $((SECONDS - start)) s" >&2
}

build etcd etcd go.etcd.io/etcd/server/v3
build kwok kwok sigs.k8s.io/kwok/cmd/kwok
build k8s kube-apiserver k8s.io/kubernetes/cmd/kube-apiserver "$(k8s_ldflags)"
build k8s kube-controller-manager k8s.io/kubernetes/cmd/kube-controller-manager "$(k8s_ldflags)"
build k8s kube-scheduler k8s.io/kubernetes/cmd/kube-scheduler "$(k8s_ldflags)"
build k8s kubectl k8s.io/kubernetes/cmd/kubectl "$(k8s_ldflags)"
build helm helm helm.sh/helm/v3/cmd/helm
build kustomize kustomize sigs.k8s.io/kustomize/kustomize/v5

# kwok needs its Stage files; they ship in its module source, which the build downloaded.
stages=$(testbed_kwok_stages)
[ -f "$stages/node/fast/node-initialize.yaml" ] || (cd "$here/go/kwok" && go mod download sigs.k8s.io/kwok)
[ -f "$stages/node/fast/node-initialize.yaml" ] || { echo "kwok stage files missing under $stages" >&2; exit 1; }
echo "$bin"
