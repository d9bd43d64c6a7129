# Sourced by the test scripts: installs Debian packages that are missing, so
# that a fresh machine (CI) gets what a suite needs without a manual step.
#
#   source scripts/debian-packages.sh
#   need_packages wine wine64 gcc-mingw-w64-x86-64
#
# Only packages not yet installed are asked for; the package lists are
# updated first when they have never been (a brand-new machine). Other
# processes may hold the dpkg lock: apt waits for it up to 15 minutes.

need_packages() {
    local missing=() p
    for p in "$@"; do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
    done
    ((${#missing[@]})) || return 0
    echo "installing Debian packages: ${missing[*]}"
    local sudo=()
    [[ "$(id -u)" == 0 ]] || sudo=(sudo)
    export DEBIAN_FRONTEND=noninteractive
    if ! "${sudo[@]}" apt-get install -y -o DPkg::Lock::Timeout=900 --no-install-recommends "${missing[@]}"; then
        "${sudo[@]}" apt-get update -o DPkg::Lock::Timeout=900
        "${sudo[@]}" apt-get install -y -o DPkg::Lock::Timeout=900 --no-install-recommends "${missing[@]}"
    fi
}
