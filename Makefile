# kubefix — developer entry points. `make help` lists them.
SHELL := /bin/bash
.DEFAULT_GOAL := help
NPM_STAMP := node_modules/.package-lock.json

.PHONY: help
help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-16s %s\n", $$1, $$2}'

$(NPM_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund
	@touch $@

.PHONY: deps
deps: $(NPM_STAMP) ## Install npm packages (npm ci)

.PHONY: lint
lint: deps ## ESLint over the whole tree
	npx eslint .

.PHONY: typecheck
typecheck: deps ## TypeScript, strict, no emit
	npx tsc --noEmit

.PHONY: manifests
manifests: deps ## Regenerate the CRD YAML and the decisions admission policy from crds/, and the user ClusterRoles from api/auth/roles.ts
	npx tsx crds/generate.ts
	npx tsx api/auth/write-roles.ts

.PHONY: verify-manifests
verify-manifests: manifests ## Fail if the committed CRD, admission policy and role YAML differ from the code
	@git diff --exit-code -- crds/generated deploy || { echo "crds/generated or deploy is stale: run 'make manifests' and commit the result" >&2; exit 1; }
	@test -z "$$(git ls-files --others --exclude-standard crds/generated deploy)" || { echo "untracked files in crds/generated or deploy: commit them" >&2; exit 1; }

.PHONY: envtest
envtest: ## Build the test control plane (apiserver, controller-manager, scheduler, etcd, kwok); cached
	bash test/controlplane/build.sh

.PHONY: unit
unit: deps ## Unit tests
	npx vitest run --project unit

.PHONY: integration
integration: deps envtest ## Integration tests against the local control plane
	npx vitest run --project integration

.PHONY: test
test: deps lint typecheck verify-manifests unit envtest integration ## Everything CI runs

.PHONY: bench
bench: deps ## Benchmarks of the REST facade (SQLite index, HTTP, SSE); writes docs/benchmarks.md
	LOG_LEVEL=warn node --expose-gc --import tsx bench/run.ts

.PHONY: cluster-up
cluster-up: deps envtest ## Start the local control plane until Ctrl-C; writes .kubefix/local.env
	npx tsx test/harness/cluster-up.ts

.PHONY: run
run: deps envtest ## Run the local control plane, the operator and the REST API until Ctrl-C; writes KUBEFIX_API/KUBEFIX_TOKEN to .kubefix/local.env
	npx tsx test/harness/run-local.ts

.PHONY: run-external
run-external: deps ## Run the operator and the REST API against the cluster KUBECONFIG names (CRDs must be installed)
	KUBEFIX_USE_KUBECONFIG=1 npx tsx test/harness/run-local.ts

.PHONY: alert
alert: deps ## Post an alert through intake: make alert MSG='[告警] Pod OOMKilled\n服务: web\n命名空间: demo'
	npx tsx lib/intake/cli.ts "$(MSG)"

.PHONY: kind-up
kind-up: ## Docker users: a kind cluster with the CRDs installed
	kind create cluster --name kubefix
	kubectl apply -f crds/generated/

.PHONY: clean
clean: ## Remove build output and local state (not the control-plane cache)
	rm -rf dist coverage .kubefix
