# onespec: every command a contributor needs. `make test` is what CI runs (.ci/run).
GO      ?= go
URL     ?= http://127.0.0.1:5700
BIN     := bin/onespec

.PHONY: all generate check-generated build test lint lint-spec conform bench serve fuzz

# Redocly CLI, pinned; run through npx from the npm registry.
REDOCLY := @redocly/cli@1.34.3

all: build

## generate: bundle the spec from openapi/src and regenerate gen/ (oapi-codegen, mockery)
generate:
	$(GO) generate ./...

## check-generated: fail when the committed bundle or gen/ differ from what generate makes
check-generated: generate
	@if [ -n "$$(git status --porcelain -- openapi/openapi.yaml openapi/core.yaml openapi/bot.yaml openapi/world.yaml openapi/openapi.docs.json openapi/world.docs.json openapi/openapi.requests.json openapi/world.requests.json docs/compat.md gen)" ]; then \
		echo "generated code is stale: run 'make generate' and commit the result:"; \
		git status --short -- openapi/openapi.yaml openapi/core.yaml openapi/bot.yaml openapi/world.yaml openapi/openapi.docs.json openapi/world.docs.json openapi/openapi.requests.json openapi/world.requests.json docs/compat.md gen; \
		git --no-pager diff --stat -- openapi/openapi.yaml openapi/core.yaml openapi/bot.yaml openapi/world.yaml openapi/openapi.docs.json openapi/world.docs.json openapi/openapi.requests.json openapi/world.requests.json docs/compat.md gen; \
		exit 1; \
	fi

## build: the one binary, bin/onespec
build:
	$(GO) build -o $(BIN) ./cmd/onespec

## lint: gofmt and go vet
lint:
	@unformatted=$$(gofmt -l $$(git ls-files '*.go')); \
	if [ -n "$$unformatted" ]; then echo "gofmt would change:"; echo "$$unformatted"; exit 1; fi
	$(GO) vet ./...
	cd interop && $(GO) vet ./...

## lint-spec: lint the bundled specs (OneBot and the world control API) with a third-party OpenAPI linter (needs npx)
lint-spec:
	@if command -v npx >/dev/null; then \
		npx --yes $(REDOCLY) lint --config redocly.yaml openapi/openapi.yaml openapi/bot.yaml && \
		npx --yes $(REDOCLY) lint --config redocly.yaml openapi/world.yaml; \
	else \
		echo "lint-spec: npx not found; install Node.js to lint the spec with Redocly" >&2; exit 1; \
	fi

## test: everything CI checks: fresh generated code, lint (Go and the spec), and all tests (the
## reference server passes the whole conformance suite in-process)
test: check-generated lint lint-spec
	$(GO) test -count=1 ./...
	cd interop && $(GO) test -count=1 ./...
	$(MAKE) fuzz

## fuzz: every fuzz target (every decoder a peer reaches) for FUZZTIME each, past its seed
## corpus (which `go test` runs); a failing input is written under the package's testdata/fuzz
FUZZTIME ?= 3s
fuzz:
	@for pkg in $$(git grep -l '^func Fuzz' -- '*_test.go' | xargs -n1 dirname | sort -u); do \
		for target in $$(grep -h '^func Fuzz' $$pkg/*_test.go | sed 's/func \(Fuzz[A-Za-z0-9_]*\).*/\1/'); do \
			echo "fuzz ./$$pkg $$target"; \
			$(GO) test -run '^$$' -fuzz "^$$target$$" -fuzztime $(FUZZTIME) ./$$pkg || exit 1; \
		done; \
	done

## serve: run the reference server on 127.0.0.1:5700
serve:
	$(GO) run ./cmd/onespec serve

## conform: run the conformance suite against URL (default the local reference server)
conform: build
	$(BIN) conform --url $(URL)

## bench: benchmarks, each reported as a ratio against a baseline measured in the same run
bench:
	$(GO) test -run '^$$' -bench . -benchmem ./...
	cd interop && $(GO) test -run '^$$' -bench . -benchmem ./...
