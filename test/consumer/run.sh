#!/usr/bin/env bash
# Consumer check (CI runs it from .ci/run; `npm run test:consumer`): the library as a user gets it.
#
#  1. `npm pack` (the prepare script builds) and check what the tarball holds;
#  2. a scratch app shaped like `cdk8s init typescript-app` (test/consumer/app: main.ts calling app.synth(),
#     cdk8s.yaml, tsconfig.json) on cdk8s-plus-33 and the newest TypeScript installs the tarball, type-checks
#     against the published declarations (skipLibCheck off) and synthesizes with `cdk8s synth` (runner: tsx).
#     main.ts uses every strategy construct (CanaryService, BlueGreenService, HeaderRoute, TcpCanary,
#     MultiServiceRelease), every traffic provider, Flagger and Argo Rollouts, alerts, the release techniques
#     and the workload / HTTPS / traffic-policy customizations, with plain values (no casts);
#  3. the review CLI on that app: synth --all-stages, plan, diff <a> <b>, and diff --base HEAD~1 after a
#     commit that moves a stage (exit code 2, the traffic change in the output);
#  4. the same main.ts type-checks on cdk8s-plus-30 (its import rewritten; app/plus30.package.json.in:
#     no CLI, type-check only);
#  5. the same app synthesizes with ts-node on TypeScript 5.9 (`cdk8s init`'s runner);
#  6. the same app installs the library from a git URL (git+file:// of a clone of this branch's HEAD) and synthesizes.
#
# Needs the npm registry (cached packages are used first). Set KEEP=1 to keep the scratch folder.
set -euo pipefail
repo="$(cd "$(dirname "$0")/../.." && pwd)"
scratch="$(mktemp -d "${TMPDIR:-/tmp}/cdk8s-progressive-consumer-XXXXXX")"
[ "${KEEP:-}" = 1 ] && echo "scratch: $scratch" || trap 'rm -rf "$scratch"' EXIT
export CDK8S_CHECK_UPGRADE=false npm_config_audit=false npm_config_fund=false npm_config_update_notifier=false
install() { npm install --prefer-offline --no-audit --no-fund --loglevel=error "$@"; }
step() { echo "== $(date -u +%T) $*"; }
fail() { echo "FAIL: $*" >&2; exit 1; }

step "pack"
(cd "$repo" && npm pack --silent --pack-destination "$scratch" >/dev/null)
tarball="$(ls "$scratch"/cdk8s-progressive-*.tgz)"
listing="$(tar -tzf "$tarball")"
for f in package/dist-lib/lib/index.js package/dist-lib/lib/index.d.ts package/dist-lib/lib/cli/cdk8s-progressive.js package/dist-lib/imports/networking.istio.io.js package/LICENSE package/CHANGELOG.md package/README.md package/docs/consumer.md; do
  grep -qx "$f" <<<"$listing" || fail "the tarball lacks $f"
done
if grep -E '^package/(test|examples|bench|lib/.*\.ts$|dist-lib/(examples|bench))' <<<"$listing" | grep -v '\.d\.ts$' | head -1 | grep -q .; then fail "the tarball holds sources or tests"; fi
echo "tarball: $(wc -l <<<"$listing") files, $(du -k "$tarball" | cut -f1) kB"

new_app() {  # new_app <dir> <library spec> <typescript version> [package.json template]
  mkdir -p "$1"
  cp "$repo/test/consumer/app/main.ts" "$repo/test/consumer/app/cdk8s.yaml" "$repo/test/consumer/app/tsconfig.json" "$1/"
  sed -e "s|@LIBRARY@|$2|" -e "s|@TYPESCRIPT@|$3|" "$repo/test/consumer/app/${4:-package.json.in}" >"$1/package.json"
}

app="$scratch/app"
new_app "$app" "file:$tarball" "latest"
cd "$app"
step "install the tarball into a cdk8s-plus-33 app"
install
node -e "const p=require('cdk8s-progressive/package.json'); console.log('cdk8s-progressive ' + p.version + ', cdk8s-plus-33 ' + require('cdk8s-plus-33/package.json').version + ', typescript ' + require('typescript/package.json').version)"
step "type-check (newest TypeScript, skipLibCheck off)"
npx tsc --noEmit
step "cdk8s synth"
npx cdk8s synth >/dev/null
grep -q "kind: VirtualService" dist/consumer.k8s.yaml || fail "no VirtualService in dist/consumer.k8s.yaml"
grep -q "kind: ConfigMap" dist/consumer.k8s.yaml || fail "the app's cdk8s-plus-33 ConfigMap is missing"
grep -q "kind: TCPRoute\|tcp:" dist/tcp.k8s.yaml || fail "no TCP route in dist/tcp.k8s.yaml"
grep -q "name: frontend-settings" dist/weather.k8s.yaml || fail "the app's cdk8s-plus-33 objects are missing in dist/weather.k8s.yaml"
grep -q "alert: RollbackErrorRateHigh" dist/tcp-echo.rules.yaml || fail "the app did not write the TcpCanary's Prometheus rules file"

step "cdk8s-progressive synth --all-stages"
npx cdk8s-progressive synth --all-stages --output dist | tee synth.txt
for d in consumer.shop/00-canary-10 consumer.shop/03-promoted consumer.web/00-preview consumer.web/02-finalize \
  weather.radar/00-testers weather.radar/02-v2-only weather.release/00-testers weather.release/03-promoted \
  tcp.echo/00-canary-0 tcp.echo/02-half tcp.echo/03-promoted ops.payment/00-mirror providers.catalog/02-promoted ambient.demo/02-promoted; do
  [ -d "dist/stages/$d" ] || fail "missing dist/stages/$d"
done
grep -q "weight: 50" dist/stages/consumer.shop/01-canary-50/virtualservice.shop.k8s.yaml || fail "stage canary-50 does not weigh 50"
grep -q "weight: 20" dist/stages/tcp.echo/01-canary-20/virtualservice.echo.k8s.yaml || fail "TcpCanary stage canary-20 does not weigh 20"
[ -f dist/stages/weather.release/00-testers/deployment.forecast-v1.k8s.yaml ] || { ls dist/stages/weather.release/00-testers; fail "MultiServiceRelease testers: no forecast v1 Deployment"; }
[ ! -e dist/stages/weather.release/03-promoted/deployment.forecast-v1.k8s.yaml ] || fail "MultiServiceRelease promoted still runs forecast v1"

step "cdk8s-progressive plan"
npx cdk8s-progressive plan >plan.txt
grep -q "00 canary-10 (active) | v1 90%, v2 10%" plan.txt || { cat plan.txt; fail "plan: canary-10 is not v1 90%, v2 10%"; }
for r in "consumer/shop (CanaryService)" "consumer/web (BlueGreenService)" "weather/maps (BlueGreenService)" "weather/radar (HeaderRoute)" "weather/release (MultiServiceRelease)" \
  "tcp/echo (TcpCanary)" "ops/payment (CanaryService)" "ops/billing (CanaryService)" "providers/catalog (CanaryService)" \
  "providers/worker (CanaryService)" "providers/admin (BlueGreenService)" "providers/product (HeaderRoute)" "providers/search (BlueGreenService)" "ambient/demo (CanaryService)"; do
  grep -qxF "### $r" plan.txt || { cat plan.txt; fail "plan does not show the rollout $r"; }
done
grep -q "^| 01 canary-20 (active) | v1 80%, v2 20% |" plan.txt || { cat plan.txt; fail "plan: TcpCanary canary-20 is not v1 80%, v2 20%"; }
grep -q "^| 01 everyone-10 | v2 100% | v1 90%, v2 10% |" plan.txt || { cat plan.txt; fail "plan: MultiServiceRelease everyone-10 does not send testers to v2 and 10% of the others"; }
grep -q "^| 02 v2-only | v2 100% | v2 100% |" plan.txt || { cat plan.txt; fail "plan: HeaderRoute v2-only does not send everything to v2"; }

step "cdk8s-progressive diff canary-10 canary-50"
npx cdk8s-progressive diff canary-10 canary-50 >diff.txt
grep -q "changed VirtualService shop/shop" diff.txt || { cat diff.txt; fail "diff: the VirtualService does not change"; }

step "cdk8s-progressive diff --base HEAD~1 (a commit moves the canary to canary-50)"
printf 'node_modules/\ndist/\n' >.gitignore
git init -q && git add -A && git -c user.name=ci -c user.email=ci@example.com commit -qm base
# Only the shop canary moves (other rollouts of the app are at canary-10 too).
sed -i "/new CanaryService(this, 'shop'/,/stage: 'canary-10'/ s/stage: 'canary-10'/stage: 'canary-50'/" main.ts
[ "$(git diff --numstat main.ts)" = "$(printf '1\t1\tmain.ts')" ] || { git diff; fail "the stage edit changed more than the shop stage"; }
git -c user.name=ci -c user.email=ci@example.com commit -qam "shop: canary-50"
set +e
npx cdk8s-progressive diff --base HEAD~1 --format markdown >pr-comment.md
code=$?
set -e
[ "$code" = 2 ] || { cat pr-comment.md; fail "diff --base exit code $code, expected 2 (changes)"; }
grep -q "active stage canary-10 -> canary-50" pr-comment.md || fail "diff --base: no active-stage change"
grep -q "| v1 90%, v2 10% | \*\*v1 50%, v2 50%\*\* |" pr-comment.md || { cat pr-comment.md; fail "diff --base: no traffic change 90/10 -> 50/50"; }
npx cdk8s-progressive diff --base HEAD >/dev/null || fail "diff --base HEAD should find no change (exit 0)"
# The README's transcript of these commands: every line it shows is a line they printed (`$ ` commands, `...` cuts
# and the commit-hash title aside).
awk '/<!-- consumer-transcript:start -->/{on=1; next} /<!-- consumer-transcript:end -->/{on=0} on' "$repo/README.md" \
  | grep -v -e '^```' -e '^\$ ' -e '^\.\.\.$' -e '^## cdk8s-progressive diff against ' -e '^$' >readme-lines.txt
[ "$(wc -l <readme-lines.txt)" -ge 15 ] || fail "README: the consumer transcript is missing"
while IFS= read -r line; do
  grep -qxF -- "$line" synth.txt plan.txt diff.txt pr-comment.md || fail "README's consumer transcript shows a line the commands did not print: $line"
done <readme-lines.txt
[ "$(git worktree list | wc -l)" = 1 ] || fail "diff --base left a worktree behind"

step "the same main.ts on cdk8s-plus-30 (type-check only)"
plus30="$scratch/plus30"
new_app "$plus30" "file:$tarball" "latest" plus30.package.json.in
sed -i "s|'cdk8s-plus-33'|'cdk8s-plus-30'|" "$plus30/main.ts"
cd "$plus30"
install
grep -q "from 'cdk8s-plus-30'" main.ts || fail "main.ts does not import cdk8s-plus-30"
node -e "console.log('cdk8s-plus-30 ' + require('cdk8s-plus-30/package.json').version + ', typescript ' + require('typescript/package.json').version)"
npx tsc --noEmit

step "the same app with cdk8s init's runner: ts-node on TypeScript 5.9 (ts-node cannot run TypeScript 7)"
tsnode="$scratch/tsnode"
new_app "$tsnode" "file:$tarball" "~5.9.3"
sed -i 's|^app: .*|app: npx ts-node main.ts|' "$tsnode/cdk8s.yaml"
cd "$tsnode"
install
npx cdk8s synth >/dev/null
grep -q "weight: 10" dist/consumer.k8s.yaml || fail "ts-node synth: no 90/10 split"

step "install from a git URL (git+file:// of a clone of this branch)"
git clone -q "$repo" "$scratch/clone"
(cd "$scratch/clone" && git checkout -q "$(cd "$repo" && git rev-parse HEAD)")
gitapp="$scratch/gitapp"
new_app "$gitapp" "git+file://$scratch/clone#$(cd "$repo" && git rev-parse HEAD)" "latest"
cd "$gitapp"
install
[ -f node_modules/cdk8s-progressive/dist-lib/lib/index.js ] || fail "the git install did not build"
npx tsc --noEmit
npx cdk8s synth >/dev/null
npx cdk8s-progressive plan >/dev/null
step "consumer check passed"
