# Tollgate: `make run` to try it, `make test` to check it. `make help` lists everything.
SHELL := /bin/bash
.DEFAULT_GOAL := help
.SUFFIXES:

BIN     := bin/tollgate
VERSION ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
GOFLAGS ?=
export PATH := $(PATH):/usr/local/go/bin

.PHONY: help
help: ## list the targets
	@awk 'BEGIN {FS = ":.*## "} /^[a-zA-Z0-9_-]+:.*## / {printf "  \033[36m%-14s\033[0m %s\n", $$1, $$2}' $(MAKEFILE_LIST)

.PHONY: run
run: build ## set up everything and start the platform with demo data (portal :8080, gateway :8081)
	backend/scripts/run.sh

.PHONY: stripe-event
stripe-event: ## play Stripe on `make run`: make stripe-event SUB=<subscription id> TYPE=invoice.paid [ARGS=--final]
	@test -n "$(SUB)" -a -n "$(TYPE)" || { echo "usage: make stripe-event SUB=<subscription id> TYPE=<event type> [ARGS=...]"; exit 2; }
	DATABASE_URL="$${DATABASE_URL:-$$(backend/scripts/pg.sh url)}" \
		TOLLGATE_STRIPE_WEBHOOK_SECRET="$${TOLLGATE_STRIPE_WEBHOOK_SECRET:-whsec_tollgate_demo_secret}" \
		$(BIN) stripe-event --tenant "$${TENANT:-acme}" --subscription "$(SUB)" --type "$(TYPE)" $(ARGS)

.PHONY: build
build: portal ## build the portal and the tollgate binary (bin/tollgate)
	go build $(GOFLAGS) -trimpath -ldflags "-s -w -X main.version=$(VERSION)" -o $(BIN) ./backend/cmd/tollgate

.PHONY: portal
portal: frontend/node_modules/.installed ## build the portal into frontend/dist (embedded by the binary)
	cd frontend && npm run --silent build

frontend/node_modules/.installed: frontend/package.json frontend/package-lock.json
	cd frontend && npm ci --no-audit --no-fund --loglevel=error
	touch $@

.PHONY: test
test: tools lint test-go test-portal test-e2e compose-check ## the whole suite: lint, Go (real PostgreSQL), portal unit and browser tests, compose
	@echo "make test: all passed"

.PHONY: tools
tools:
	@backend/scripts/ensure-tools.sh

.PHONY: lint
lint: frontend/node_modules/.installed ## gofmt, go vet and the portal's type check
	@out=$$(gofmt -l backend migrations frontend/*.go); if [ -n "$$out" ]; then echo "gofmt would change:"; echo "$$out"; exit 1; fi
	go vet ./backend/... ./migrations/... ./frontend/...
	cd frontend && npm run --silent typecheck

.PHONY: test-go
test-go: ## Go unit and integration tests; each package gets its own database (TEST_DATABASE_URL or a local server)
	TEST_DATABASE_URL="$$(backend/scripts/test-db.sh)" TEST_REDIS_URL="$$(backend/scripts/test-redis.sh)" \
		go test $(GOFLAGS) -race -count=1 ./backend/... ./migrations/...

.PHONY: test-short
test-short: ## Go unit tests only (no database)
	go test -short ./backend/...

.PHONY: test-portal
test-portal: frontend/node_modules/.installed ## portal unit tests (Vitest)
	cd frontend && npm test --silent

.PHONY: test-e2e
test-e2e: build ## browser tests: headless Chromium (Playwright) against the real binary and a fresh database
	backend/scripts/e2e.sh

.PHONY: compose-check
compose-check: ## validate docker-compose.yml (needs no Docker engine)
	docker-compose -f docker-compose.yml config -q

.PHONY: bench
bench: ## the gateway's figures: Go benchmarks with allocations, a wrk load run against a bare proxy, PASS/MISS (~4 min)
	backend/bench/bench.sh

.PHONY: db
db: ## start the project-local PostgreSQL and print its URL
	@backend/scripts/pg.sh start && backend/scripts/pg.sh url

.PHONY: db-stop
db-stop: ## stop the project-local PostgreSQL
	backend/scripts/pg.sh stop

.PHONY: clean
clean: ## remove build output (keeps .data: your local database and secrets)
	rm -rf bin frontend/dist/assets frontend/dist/index.html frontend/test-results frontend/playwright-report
