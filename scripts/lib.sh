# Shared by scripts/setup, scripts/test and ./ferry. Source it; it defines functions only.

# Sets JAVA_HOME and JAVA to a JDK of release 21 or newer: JAVA_HOME if it qualifies, else the
# newest JDK under /usr/lib/jvm (or /Library/Java/JavaVirtualMachines), else fails with a clear line.
# FERRY_JAVA_RELEASE is its feature release.
ferry_pick_java() {
  local candidate best="" best_release=0 release
  for candidate in "${JAVA_HOME:-}" /usr/lib/jvm/* /Library/Java/JavaVirtualMachines/*/Contents/Home; do
    [ -n "$candidate" ] && [ -x "$candidate/bin/javac" ] || continue
    release=$(ferry_java_release "$candidate") || continue
    if [ "$candidate" = "${JAVA_HOME:-}" ] && [ "$release" -ge 21 ]; then
      best=$candidate; best_release=$release; break
    fi
    if [ "$release" -gt "$best_release" ]; then best=$candidate; best_release=$release; fi
  done
  if [ -z "$best" ] || [ "$best_release" -lt 21 ]; then
    echo "ferry: needs a JDK of release 21 or newer; set JAVA_HOME to one (found: ${best:-none}, release ${best_release})" >&2
    return 1
  fi
  export JAVA_HOME=$best
  export JAVA=$best/bin/java
  FERRY_JAVA_RELEASE=$best_release
}

# Prints the feature release of the JDK at $1 (17, 21, 25, ...). Bash only, no sed: ./ferry runs it
# before every command, and each process started there delays the CLI (docs/benchmarks.md, defer).
ferry_java_release() {
  local line
  while IFS= read -r line; do
    case $line in
      JAVA_VERSION=\"[0-9]*)
        line=${line#JAVA_VERSION=\"}
        echo "${line%%[!0-9]*}"
        return 0 ;;
    esac
  done 2>/dev/null < "$1/release" || return 1
  return 1
}

# Sets PYTHON to a Python of 3.10 or newer, or fails with a clear line.
ferry_pick_python() {
  local candidate
  for candidate in "${FERRY_PYTHON:-}" python3 python3.13 python3.12 python3.11 python3.10; do
    [ -n "$candidate" ] && command -v "$candidate" >/dev/null 2>&1 || continue
    if "$candidate" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 10) else 1)' 2>/dev/null; then
      PYTHON=$(command -v "$candidate")
      return 0
    fi
  done
  echo "ferry: needs Python 3.10 or newer on PATH (or FERRY_PYTHON) to install dbt" >&2
  return 1
}

# Prints a checksum of the given files, portable across Linux and macOS.
ferry_checksum() {
  if command -v sha256sum >/dev/null 2>&1; then cat "$@" | sha256sum | cut -d' ' -f1
  else cat "$@" | shasum -a 256 | cut -d' ' -f1; fi
}

# Installs Debian packages with apt-get (arguments go to `apt-get install -y`), refreshing the
# package lists once if the first try fails. Returns 1, saying why, where apt-get is missing or
# this is not root; callers then skip what needed the package.
ferry_apt_install() {
  if ! command -v apt-get >/dev/null 2>&1; then
    echo "ferry: apt-get is not available to install $*" >&2
    return 1
  fi
  if [ "$(id -u)" != 0 ]; then
    echo "ferry: not root, so apt-get cannot install $* (install it yourself)" >&2
    return 1
  fi
  echo "ferry: installing $* with apt-get" >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$@" >/dev/null 2>&1 && return 0
  DEBIAN_FRONTEND=noninteractive apt-get update -q >/dev/null 2>&1 || true
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$@" >&2
}
