#!/usr/bin/env bash
# `npm test`: every suite, cheapest first, stopping at the first failure.
set -euo pipefail
cd "$(dirname "$0")/.."

step() { printf '\n\033[1m== %s\033[0m\n' "$1"; }

# Prerequisites first: a missing browser should cost seconds, not the minutes of the suites before e2e.
step "prerequisites" && node scripts/ensure-prerequisites.mjs
step "typecheck" && npm run -s typecheck
step "lint" && npm run -s lint
step "unit tests" && npm run -s test:unit
step "integration tests (real PostgreSQL${DATABASE_URL:+ at DATABASE_URL}; embedded when unset)" && npm run -s test:integration
step "production build" && npm run -s build
# The e2e server makes its own database: on DATABASE_URL's server when set, else embedded.
step "end-to-end tests (Playwright, Chromium)" && BULWARK_SKIP_BUILD=true npm run -s test:e2e
