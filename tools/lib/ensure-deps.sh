# Sourced by tools/*.sh: installs npm dependencies when they are missing or older than the lock file.
ensure_node_modules() {
  if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
    echo "error: Node.js 20+ and npm are required (apt-get install nodejs npm, or nodesource)" >&2
    exit 1
  fi
  local major
  major=$(node -p 'process.versions.node.split(".")[0]')
  if [ "$major" -lt 20 ]; then
    echo "error: Node.js 20 or newer is required, found $(node --version)" >&2
    exit 1
  fi
  if [ ! -d node_modules ] || [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
    echo "==> installing npm dependencies (npm ci)"
    npm ci --no-audit --no-fund
  fi
}
