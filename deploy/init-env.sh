#!/usr/bin/env bash
# Creates .env from .env.example, replacing every "change-me" secret with a fresh random value.
# HA_TOKEN keeps its placeholder: it is Home Assistant's token, to be created in HA (the demo
# profile's simulator accepts whatever HA_TOKEN says). Never overwrites an existing .env.
#
# Usage: deploy/init-env.sh
set -euo pipefail

random_secret() {
  od -An -N24 -tx1 /dev/urandom | tr -d ' \n'
}

main() {
  cd "$(dirname "${BASH_SOURCE[0]}")/.."
  if [ -e .env ]; then
    echo ".env already exists; not touching it (delete it first to start over)" >&2
    exit 1
  fi
  umask 077
  local line
  while IFS= read -r line || [ -n "$line" ]; do
    if [[ "$line" =~ ^([A-Z0-9_]+)=change-me ]] && [ "${BASH_REMATCH[1]}" != HA_TOKEN ]; then
      printf '%s=%s\n' "${BASH_REMATCH[1]}" "$(random_secret)"
    else
      printf '%s\n' "$line"
    fi
  done <.env.example >.env
  echo "Created .env with random secrets (readable by you only)."
  echo "Set HA_URL and HA_TOKEN for your Home Assistant, or keep them for: docker compose --profile demo up -d"
}

main "$@"
