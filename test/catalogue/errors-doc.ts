/**
 * Renders docs/errors.md from the catalogue and the messages the entries actually produce,
 * so the document cannot drift from the code (`npm run docs:errors` rewrites it).
 */
import { CatalogueEntry } from './catalogue';
import { CONSTRUCT_BASES, EXEMPT_RULES, EXEMPT_SITES } from './entries';

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
  out.push('another when a problem message anywhere in `lib/` has no entry here. Examples start from a valid construct');
  out.push('(named under each heading), built in a chart `test` with namespace `test1`, and change what the example shows.');
  out.push('');
  let construct: string | undefined;
  let n = 0;
  for (const e of entries) {
    if (e.construct !== construct) {
      construct = e.construct;
      out.push('');
      out.push(`## ${construct}`);
      out.push('');
      if (CONSTRUCT_BASES[construct]) {
        out.push(`Valid input: ${CONSTRUCT_BASES[construct]}`);
        out.push('');
      }
      out.push('| # | mistake | example input | message | check |');
      out.push('|---:|---|---|---|---|');
    }
    n++;
    const msgs = messages.get(e.id) ?? [];
    // The same message on several objects is shown once; different messages of one mistake are all shown.
    const texts = msgs.map((m) => m.replace(/^\[[^\]]*\] /, ''));
    const shown = msgs.length > 1 && texts.every((t) => t === texts[0])
      ? `${msgs[0]} (and ${msgs.length - 1} more like it, one per object affected)`
      : msgs.join(' <br> ');
    const check = `${e.source}${e.rule ? ` (${e.rule})` : ''}`;
    out.push(`| ${n} | \`${e.id}\` | \`${cell(e.example)}\` | ${cell(shown)} | ${cell(check)} |`);
  }
  out.push('');
  out.push('## Not listed on their own');
  out.push('');
  for (const [rule, reason] of Object.entries(EXEMPT_RULES)) out.push(`- \`${rule}\` (lib/validation/rules.ts): ${reason}`);
  for (const [file, { reason }] of Object.entries(EXEMPT_SITES)) out.push(`- a message site of \`${file}\`: ${reason}`);
  out.push('');
  return out.join('\n');
}
