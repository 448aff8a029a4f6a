'use strict';
/**
 * Removes every `description:` entry of a CRD text (schema documentation only). Works on lines, so
 * it also repairs quoted scalars whose continuation lines are not indented (invalid YAML upstream).
 * A property that is itself named `description` (`description:` with nothing after it) is kept.
 */
function stripDescriptions(text) {
  const lines = text.split('\n');
  const out = [];
  for (let i = 0; i < lines.length; i++) {
    const m = /^(\s*)description:\s*(.*)$/.exec(lines[i]);
    if (!m || m[2] === '') {
      out.push(lines[i]);
      continue;
    }
    const indent = m[1].length;
    const value = m[2];
    const quote = value[0] === "'" || value[0] === '"' ? value[0] : undefined;
    const closed = (s) => (quote === "'" ? /(^|[^'])'(?:'')*\s*$/.test(s.replace(/''/g, '')) : /(^|[^\\])"\s*$/.test(s));
    if (quote && !(value.length > 1 && closed(value.slice(1)))) {
      // skip until the line that closes the quote
      while (i + 1 < lines.length && !closed(lines[i + 1])) i++;
      i++;
      continue;
    }
    // plain or block scalar: skip the lines indented deeper than the key
    while (i + 1 < lines.length && (lines[i + 1].trim() === '' || lines[i + 1].search(/\S/) > indent)) i++;
  }
  return out.join('\n');
}

module.exports = { stripDescriptions };
