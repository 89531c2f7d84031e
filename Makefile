# VoiceTraining: common tasks. `make` alone lists them.
#
# Newcomers need two:  make run   (web app and API on http://localhost:8080)
#                      make test  (all tests)
# Both use the database in DATABASE_URL if it is set; otherwise they start a
# private PostgreSQL 15 cluster in .local/pg (scripts/pg.sh) and point
# DATABASE_URL at it. A cluster that `make run` or `make test` started is
# stopped again when it ends (also on Ctrl-C or a failure); its data stays in
# .local/pg for the next start. A cluster that was already running (say from
# `make db-start`) is left running.

SHELL := bash
.SHELLFLAGS := -euo pipefail -c
.ONESHELL:
.DEFAULT_GOAL := help
MAKEFLAGS += --no-print-directory

SOLUTION  := VoiceTraining.slnx
API       := src/Api
API_URL   := http://localhost:8080
PG        := scripts/pg.sh
CLIENT    := client

# Shell snippet: when DATABASE_URL is unset, start the local cluster and export
# DATABASE_URL; if this recipe started it, stop it again when the recipe exits
# (keeping the recipe's exit code). Extra environment for pg.sh start may be
# given as the argument, e.g. $(call with_local_db,PG_LOCAL_FAST=1).
define with_local_db
if [[ -z "$${DATABASE_URL:-}" ]]; then
  if ! $(PG) status >/dev/null; then
    trap 'rc=$$?; $(PG) stop || true; exit $$rc' EXIT
  fi
  $(1) $(PG) start
  export DATABASE_URL="$$($(PG) url)"
fi
endef

# Shell snippet: install the web app's packages when they are missing or older than the lock file.
define client_deps
if [[ ! -d $(CLIENT)/node_modules || $(CLIENT)/package-lock.json -nt $(CLIENT)/node_modules/.package-lock.json ]]; then
  (cd $(CLIENT) && npm ci --no-audit --no-fund)
fi
endef

.PHONY: help run dev test build client-build client-test openapi migration bench db-start db-stop db-status db-psql clean

help: ## List the targets
	@echo "Usage: make <target>"
	echo
	grep -hE '^[a-zA-Z0-9_-]+:.*## ' $(MAKEFILE_LIST) \
	  | awk 'BEGIN { FS = ":.*## " } { printf "  %-13s %s\n", $$1, $$2 }'
	echo
	echo "run and test use DATABASE_URL if set, else a local cluster in .local/pg."

# Ctrl-C stops the API; then the trap stops the cluster if this run started it.
# Work already done is skipped, so a second `make run` starts in seconds: the web app is rebuilt only
# when a file it is built from is newer than its last build, the API only when a file under src/ (or
# the shared build settings) is newer than its assembly; `dotnet run` would check the whole build.
run: ## Build the web app and run it with the API on http://localhost:8080 (Development: migrates and seeds demo data)
	@if command -v npm >/dev/null; then
	  $(client_deps)
	  if [[ -f $(CLIENT)/dist/index.html && -z "$$(find $(CLIENT)/src $(CLIENT)/index.html $(CLIENT)/package-lock.json $(CLIENT)/vite.config.ts $(CLIENT)/tsconfig.json -newer $(CLIENT)/dist/index.html -print -quit)" ]]; then
	    echo "web app: up to date"
	  else
	    (cd $(CLIENT) && npm run build --silent)
	  fi
	else
	  echo "Node.js/npm not found: serving the API only (the web app needs Node 20)" >&2
	fi
	api_dll=$(API)/bin/Release/net10.0/VoiceTraining.Api.dll
	if [[ -f $$api_dll && -z "$$(find src Directory.Build.props Directory.Packages.props -newer $$api_dll -type f -not -path '*/bin/*' -not -path '*/obj/*' -print -quit 2>/dev/null)" ]]; then
	  echo "API: up to date"
	else
	  dotnet build $(API) -c Release -v quiet --nologo
	fi
	$(call with_local_db,)
	export ASPNETCORE_ENVIRONMENT=Development ASPNETCORE_URLS=$(API_URL)
	echo "Web app and API on $(API_URL) (Ctrl-C to stop)"
	cd $(API) && dotnet bin/Release/net10.0/VoiceTraining.Api.dll

# The API runs in the background (a non-interactive shell's background job ignores Ctrl-C, so
# the trap stops it); Vite runs in the foreground and proxies /api to it.
dev: ## Run the API and the web app's dev server with hot reload on http://localhost:5173
	@$(client_deps)
	started_db=
	if [[ -z "$${DATABASE_URL:-}" ]]; then
	  if ! $(PG) status >/dev/null; then $(PG) start; started_db=1; fi
	  export DATABASE_URL="$$($(PG) url)"
	fi
	dotnet build $(API) -c Release -v quiet --nologo
	(cd $(API) && ASPNETCORE_ENVIRONMENT=Development ASPNETCORE_URLS=$(API_URL) exec dotnet bin/Release/net10.0/VoiceTraining.Api.dll) &
	api=$$!
	trap 'kill $$api 2>/dev/null; wait $$api 2>/dev/null; if [[ -n "$$started_db" ]]; then $(PG) stop; fi' EXIT
	echo "Web app on http://localhost:5173 (hot reload), API on $(API_URL); Ctrl-C stops both"
	cd $(CLIENT) && VITE_API_PROXY=$(API_URL) npx vite --strictPort

test: ## Run all tests (.NET unit and integration, then the web app's: unit and browser) against a local or given database
	@$(call with_local_db,PG_LOCAL_FAST=1)
	# The API instances under test archive their logs here; the second step scans the whole run's.
	export TEST_LOG_DIR="$(CURDIR)/.local/test-logs/$$(date -u +%Y%m%dT%H%M%S)"
	find "$(CURDIR)/.local/test-logs" -mindepth 1 -maxdepth 1 -mtime +2 -exec rm -rf {} + 2>/dev/null || true
	# The TURN credential tests run Debian's coturn (turnserver, turnutils_uclient); as root it is installed when missing.
	if ! command -v turnserver >/dev/null && [[ $$(id -u) == 0 ]]; then
	  echo "coturn not found; installing it with apt-get"
	  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends coturn \
	    || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends coturn; }
	fi
	dotnet test $(SOLUTION) -c Release --logger "console;verbosity=normal"
	LOG_SCAN_DIR="$$TEST_LOG_DIR" dotnet test tests/Api.IntegrationTests -c Release --no-build \
	  --filter "FullyQualifiedName~CapturedLogScanTests.The_runs_logs_hold_no_secrets_or_tokens" --logger "console;verbosity=normal"
	$(MAKE) client-test

build: ## Build the solution (Release)
	@dotnet build $(SOLUTION) -c Release

client-build: ## Build the web app into client/dist and print its initial bundle size
	@$(client_deps)
	cd $(CLIENT) && npm run build

# The browser tests build and start the API themselves, on a fresh database of the local cluster
# (or beside the one DATABASE_URL names, when set); Chromium comes from Debian (installed with apt when root).
client-test: ## Web app: npm ci, lint, type check, API types freshness, unit tests, build, browser tests
	@cd $(CLIENT)
	npm ci --no-audit --no-fund
	npm run lint
	npm run typecheck
	npm run check:api
	npm test
	npm run build
	npm run test:e2e

# dotnet run starts the API in src/Api, so the output path is made absolute.
openapi: ## Write openapi.yaml (project root) from the API; needs no database
	@# The export builds the app's services without serving: local mode (email, voice providers) spares it the providers' keys.
	Email__Provider=local VoiceProviders__Mode=local dotnet run --project $(API) -c Release --no-launch-profile -- --export-openapi "$(CURDIR)/openapi.yaml"

migration: ## Add an EF Core migration: make migration NAME=AddSomething
	@test -n "$(NAME)" || { echo "usage: make migration NAME=AddSomething" >&2; exit 2; }
	dotnet tool restore >/dev/null
	dotnet ef migrations add "$(NAME)" --project src/Infrastructure --startup-project src/Infrastructure -o Data/Migrations

bench: ## Run every benchmark with short settings and print one table (bench/all.sh)
	@bash bench/all.sh

db-start: ## Start the local PostgreSQL cluster (.local/pg); it keeps running
	@$(PG) start

db-stop: ## Stop the local PostgreSQL cluster (its data stays)
	@$(PG) stop

db-status: ## Say whether the local PostgreSQL cluster is running
	@$(PG) status || true

db-psql: ## Open psql on the local database
	@$(PG) psql

clean: ## Remove build output (bin/ and obj/)
	@dotnet clean $(SOLUTION) -c Release -v quiet >/dev/null || true
	dotnet clean $(SOLUTION) -c Debug -v quiet >/dev/null || true
	find src tests -type d \( -name bin -o -name obj \) -prune -exec rm -rf {} +
