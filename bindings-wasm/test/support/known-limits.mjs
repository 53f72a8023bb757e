// Prism's own limits, shared by every suite: tests/prism/known-limits.json (the one place they
// are listed) names each operation Prism refuses for a reason of its own and the kind of that
// reason; a refusal is excused only when every violation Prism reports fits the listed kind
// (a message ending with one of its `endsWith` texts or containing one of its `contains`).
import { readFileSync } from 'node:fs';

const data = JSON.parse(
  readFileSync(new URL('../../../tests/prism/known-limits.json', import.meta.url), 'utf8'),
);

function fitsOf(rule, kind) {
  const endsWith = rule.endsWith ?? [];
  const contains = rule.contains ?? [];
  if (endsWith.length + contains.length === 0) throw new Error(`known-limits.json: kind ${kind} matches nothing`);
  return (v) => endsWith.some((e) => v.endsWith(e)) || contains.some((c) => v.includes(c));
}

const FITS = Object.fromEntries(Object.entries(data.kinds).map(([kind, rule]) => [kind, fitsOf(rule, kind)]));

/** Operation id -> kind. */
export const KNOWN = new Map(Object.entries(data.operations));
for (const [id, kind] of KNOWN) {
  if (!FITS[kind]) throw new Error(`known-limits.json: ${id} has an unknown kind ${kind}`);
}

/** The listed kind when this refusal is one of Prism's known limits, else undefined. */
export function knownPrismLimitation(operationId, violations) {
  const kind = KNOWN.get(operationId);
  if (!kind) return undefined;
  return violations.length > 0 && violations.every(FITS[kind]) ? kind : undefined;
}

/** Prism's violations: from the `sl-violations` header, else the problem body's `validation`. */
export function violations(slViolationsHeader, body) {
  let list;
  try {
    list = slViolationsHeader ? JSON.parse(slViolationsHeader) : undefined;
  } catch {
    list = undefined;
  }
  list ??= body?.validation;
  if (!Array.isArray(list)) return [];
  return list.map((v) => `${(v.location ?? []).join('.')} ${v.message ?? ''}`);
}
