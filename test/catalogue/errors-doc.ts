/**
 * Renders docs/errors.md from the catalogue and the messages the entries actually produce,
 * so the document cannot drift from the code (`npm run docs:errors` rewrites it).
 */
import { CatalogueEntry } from './catalogue';
import { EXEMPT_RULES } from './entries';

function cell(s: string): string {
  return s.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

/** The markdown of docs/errors.md. `messages` holds, per entry id, the errors it produces (with `[path]`). */
export function renderErrorsDoc(entries: readonly CatalogueEntry[], messages: ReadonlyMap<string, readonly string[]>): string {
  const out: string[] = [];
  out.push('# Error catalogue');
  out.push('');
  out.push('Every error the library reports at synth time, with a one-line example of the input that causes it and');
  out.push('the message `cdk8s synth` prints: `[<construct path>] <what is wrong, naming the value>. Fix: <how to fix it>`.');
  out.push('All problems of an app are reported together in one run; nothing is fixed silently, and no YAML is written.');
  out.push('');
  out.push('Generated from `test/catalogue/` by `npm run docs:errors`; a test fails when this file is out of date, and');
  out.push('another when a check in the covered sources has no entry here. Examples start from a valid construct');
  out.push('(CanaryService: `name: \'demo4\'`, versions `v1`/`v2` of `mritd/demo`, `stages: [10, 50]`, `stage: \'canary-10\'`,');
  out.push('in a chart `test` with namespace `test1`) and change what the example shows.');
  out.push('');
  let construct: string | undefined;
  let n = 0;
  for (const e of entries) {
    if (e.construct !== construct) {
      construct = e.construct;
      out.push('');
      out.push(`## ${construct}`);
      out.push('');
      out.push('| # | mistake | example input | message | check |');
      out.push('|---:|---|---|---|---|');
    }
    n++;
    const msgs = messages.get(e.id) ?? [];
    const shown = msgs.length > 1 ? `${msgs[0]} (and ${msgs.length - 1} more like it, one per object affected)` : msgs[0] ?? '';
    const check = `${e.source}${e.rule ? ` (${e.rule})` : ''}`;
    out.push(`| ${n} | \`${e.id}\` | \`${cell(e.example)}\` | ${cell(shown)} | ${cell(check)} |`);
  }
  out.push('');
  out.push('## Not listed on their own');
  out.push('');
  for (const [rule, reason] of Object.entries(EXEMPT_RULES)) out.push(`- \`${rule}\` (lib/validation/rules.ts): ${reason}`);
  out.push('- Not yet catalogued (being built while this catalogue was written): the checks of BlueGreenService, TcpCanary,');
  out.push('  HeaderRoute and MultiServiceRelease, of the match helpers they report (`lib/routing/match-helpers.ts`,');
  out.push('  `lib/routing/user-agent.ts`), of the Gateway API routing (`lib/gateway-api/`) and of the progression engines');
  out.push('  (`lib/progressive/`, which CanaryService reports with `progression` or `traffic: \'gateway-api\'`). Add');
  out.push('  `test/catalogue/entries/<construct>.ts`, list it in `entries/index.ts` and its folder in `COVERED_SOURCES`.');
  out.push('');
  return out.join('\n');
}
