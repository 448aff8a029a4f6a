#!/usr/bin/env bash
# Consumer synth benchmark (`npm run bench:consumer`; not part of npm test; needs the npm registry once).
# What the library adds to a consumer's `cdk8s synth`, measured in a scratch folder on the packed library:
#
#  - end to end `npx cdk8s synth` (YAML written) per runner in cdk8s.yaml, for the empty app of
#    `cdk8s init typescript-app` (empty.ts), the five-construct app (main.ts) and a bare baseline writing
#    the same file from plain ApiObjects (baseline.ts, objects.json from the library app's output);
#  - module load time: require('cdk8s') vs require('cdk8s-progressive');
#  - declaration weight: the .d.ts a consumer's tsc loads, and `tsc --noEmit` with skipLibCheck on/off.
#
# Medians of REPEAT runs (default 5). Prints markdown tables.
set -euo pipefail
repo="$(cd "$(dirname "$0")/../.." && pwd)"
here="$repo/bench/consumer"
REPEAT="${REPEAT:-5}"
scratch="$(mktemp -d "${TMPDIR:-/tmp}/cdk8s-progressive-bench-XXXXXX")"
[ "${KEEP:-}" = 1 ] && echo "scratch: $scratch" >&2 || trap 'rm -rf "$scratch"' EXIT
export CDK8S_CHECK_UPGRADE=false

(cd "$repo" && npm pack --silent --pack-destination "$scratch" >/dev/null)
tarball="$(ls "$scratch"/cdk8s-progressive-*.tgz)"
cd "$scratch"
cat >package.json <<EOF
{ "name": "bench", "private": true, "version": "1.0.0",
  "dependencies": { "cdk8s": "^2.70.0", "constructs": "^10.3.0", "cdk8s-progressive": "file:$tarball" },
  "devDependencies": { "@types/node": "^20.19.0", "cdk8s-cli": "^2.207.0", "esbuild-register": "^3.6.0", "esbuild": "^0.25.0",
    "ts-node": "^10.9.2", "tsx": "^4.23.0", "typescript": "~5.9.3" } }
EOF
npm install --prefer-offline --no-audit --no-fund --loglevel=error >/dev/null
mkdir ts7 && (cd ts7 && echo '{"private":true}' >package.json && npm install --prefer-offline --no-audit --no-fund --loglevel=error typescript@latest >/dev/null)
cp "$repo/test/consumer/app/tsconfig.json" tsconfig.json

# apps: one folder each (node_modules is the parent's)
for a in empty main baseline; do mkdir "$a"; cp "$here/$a.ts" "$a/main.ts"; cp tsconfig.json "$a/"; done
(cd main && npx tsx main.ts && node -e "
const { parseAllDocuments } = require('yaml');
const docs = parseAllDocuments(require('fs').readFileSync('dist/shop.k8s.yaml', 'utf8')).map((d) => d.toJSON());
require('fs').writeFileSync('../baseline/objects.json', JSON.stringify(docs));") && rm -rf main/dist
for a in empty main baseline; do (cd "$a" && npx tsc --outDir . --noEmit false --sourceMap false --inlineSourceMap false --inlineSources false --declaration false main.ts --target ES2020 --module commonjs --esModuleInterop --resolveJsonModule --skipLibCheck >/dev/null); done

now() { date +%s%N; }
median() { sort -n | awk '{a[NR]=$1} END {m=(NR%2)?a[(NR+1)/2]:(a[NR/2]+a[NR/2+1])/2; printf "%.2f", m/1e9}'; }
# time_cmd <dir> <command...>: "wall s (CPU s)", medians of REPEAT runs
time_cmd() {
  local dir="$1"; shift
  local REPEAT=$(( (REPEAT + 1) / 2 ))
  read -r w c _ _ <<<"$(pair "$dir" "$dir" "$@")"
  echo "$w s ($c s)"
}
# pair <dirA> <dirB> <command...>: REPEAT runs of the command in A and B, interleaved (A, B, A, B, ...) so
# both see the same machine load. Prints "<wallA> <cpuA> <wallB> <cpuB>": medians of the wall time and of
# the CPU time (user + sys of the process and the children it waited for, robust to a loaded machine).
pair() {
  local a="$1" b="$2"; shift 2
  local wa="" ca="" wb="" cb="" tf; tf=$(mktemp)
  for _ in $(seq "$REPEAT"); do
    for d in "$a" "$b"; do
      (cd "$d" && /usr/bin/time -f '%e %U %S' -o "$tf" "$@" >/dev/null 2>&1) || { echo "failed in $d: $*" >&2; }
      read -r w u sy <"$tf"
      local c; c=$(awk -v u="$u" -v s="$sy" 'BEGIN { printf "%.3f", u + s }')
      if [ "$d" = "$a" ]; then wa="$wa $w"; ca="$ca $c"; else wb="$wb $w"; cb="$cb $c"; fi
    done
  done
  rm -f "$tf"
  local out=""
  for list in "$wa" "$ca" "$wb" "$cb"; do out="$out $(tr ' ' '\n' <<<"$list" | grep . | sort -n | awk '{a[NR]=$1} END {m=(NR%2)?a[(NR+1)/2]:(a[NR/2]+a[NR/2+1])/2; printf "%.2f", m}')"; done
  echo $out
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "-" }'; }
app_is() { for d in empty main baseline; do printf 'language: typescript\napp: %s\n' "$1" >"$d/cdk8s.yaml"; done; }

echo "Machine: $(nproc) CPUs, $(node --version), load average $(cut -d' ' -f1-3 /proc/loadavg) at the start; median of $REPEAT interleaved runs; $(date -u +%F)."
echo
echo "Cells: wall time (CPU time); ratios of CPU times."
echo
echo "| runner in cdk8s.yaml | empty app | library app (5 constructs) | ratio |"
echo "|---|---:|---:|---:|"
runners=("npx ts-node main.ts" "npx ts-node --transpile-only main.ts" "npx tsx main.ts" "node --import tsx main.ts" "node -r esbuild-register main.ts" "node main.js")
for r in "${runners[@]}"; do
  app_is "$r"
  read -r ew ec lw lc <<<"$(pair empty main npx cdk8s synth)"
  echo "| \`$r\` | $ew s ($ec s) | $lw s ($lc s) | $(ratio "$lc" "$ec") |"
done
if node --experimental-strip-types -e 1 >/dev/null 2>&1; then
  r="node --experimental-strip-types main.ts"; app_is "$r"
  read -r ew ec lw lc <<<"$(pair empty main npx cdk8s synth)"
  echo "| \`$r\` | $ew s ($ec s) | $lw s ($lc s) | $(ratio "$lc" "$ec") |"
else
  echo "| \`node --experimental-strip-types main.ts\` | not on $(node --version) (Node >= 22.6) | | |"
fi
echo
echo "End to end with the YAML written, compiled JS: the app alone (\`node main.js\`) and through \`npx cdk8s synth\`;"
echo "the baseline writes the same file from plain ApiObjects:"
echo
echo "| | empty app | bare baseline | library app | library / empty | library / baseline |"
echo "|---|---:|---:|---:|---:|---:|"
app_is "node main.js"
for cmd in "node main.js" "npx cdk8s synth"; do
  read -r ew ec lw lc <<<"$(pair empty main $cmd)"; read -r bw bc _ _ <<<"$(pair baseline empty $cmd)"
  echo "| \`$cmd\` | $ew s ($ec s) | $bw s ($bc s) | $lw s ($lc s) | $(ratio "$lc" "$ec") | $(ratio "$lc" "$bc") |"
done
echo
echo "Module load (fresh node process, require only):"
echo
echo "| module | time |"
echo "|---|---:|"
for m in cdk8s cdk8s-plus-28 cdk8s-progressive; do
  echo "| require('$m') | $(time_cmd . node -e "require('$m')") |"
done
echo "| node -e 0 | $(time_cmd . node -e 0) |"
echo
dts_files=$(find node_modules/cdk8s-progressive/dist-lib -name '*.d.ts' | wc -l)
dts_kb=$(find node_modules/cdk8s-progressive/dist-lib -name '*.d.ts' -exec cat {} + | wc -c | awk '{printf "%d", $1/1024}')
loaded=$(cd main && npx tsc --noEmit --listFiles | grep -c 'node_modules/cdk8s-progressive/' || true)
echo "Declarations: $dts_files .d.ts files, $dts_kb kB in the package; a consumer's tsc loads $loaded of them."
echo
echo "| type-check of the library app (\`tsc --noEmit\`) | skipLibCheck: false | skipLibCheck: true |"
echo "|---|---:|---:|"
echo "| TypeScript $(npx tsc --version | cut -d' ' -f2) | $(time_cmd main npx tsc --noEmit) | $(time_cmd main npx tsc --noEmit --skipLibCheck) |"
echo "| TypeScript $(ts7/node_modules/.bin/tsc --version | cut -d' ' -f2) | $(time_cmd main ../ts7/node_modules/.bin/tsc --noEmit) | $(time_cmd main ../ts7/node_modules/.bin/tsc --noEmit --skipLibCheck) |"
echo "| TypeScript $(npx tsc --version | cut -d' ' -f2), empty app | $(time_cmd empty npx tsc --noEmit) | $(time_cmd empty npx tsc --noEmit --skipLibCheck) |"
