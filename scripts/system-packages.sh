#!/usr/bin/env bash
# Installs the Debian packages Sanxiang needs, when run as root; otherwise prints the apt-get line.
# The list grows with the features: CJK fonts for PDFs, Chromium for browser tests (later issues).
set -euo pipefail
PY="${1:-python3}"
packages=()

# Debian's own python3 needs python3-venv to create virtual environments.
if ! "$PY" -c "import ensurepip, venv" >/dev/null 2>&1; then
  packages+=(python3-venv)
fi
while read -r pkg; do
  [ -z "$pkg" ] || [[ "$pkg" == \#* ]] && continue
  if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed"; then
    packages+=("$pkg")
  fi
done < "$(dirname "$0")/system-packages.txt"

[ ${#packages[@]} -eq 0 ] && exit 0
line="apt-get update && apt-get install -y --no-install-recommends ${packages[*]}"
if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null; then
  echo "安装系统软件包 (installing system packages): ${packages[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq && apt-get install -y -qq --no-install-recommends "${packages[@]}" >/dev/null
else
  echo "缺少系统软件包 (missing system packages). 请以 root 运行 (run as root):" >&2
  echo "  $line" >&2
  exit 1
fi
