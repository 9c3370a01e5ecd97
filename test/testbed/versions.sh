# Versions of the test bed's parts and where their binaries are cached (sourced, not run).
K8S_VERSION=1.36.3
ETCD_VERSION=3.6.16
KWOK_VERSION=0.8.0
HELM_VERSION=3.22.0
KUSTOMIZE_VERSION=5.8.2

# The cache key changes whenever a version does, so a stale binary is never reused.
testbed_bin_dir() {
  local root=${FLOTILLA_TESTBED_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/flotilla/testbed}
  echo "$root/k8s-$K8S_VERSION-etcd-$ETCD_VERSION-kwok-$KWOK_VERSION-helm-$HELM_VERSION-kustomize-$KUSTOMIZE_VERSION/bin"
}

testbed_kwok_stages() {
  echo "$(GOTOOLCHAIN=local go env GOMODCACHE)/sigs.k8s.io/kwok@v$KWOK_VERSION/kustomize/stage"
}
