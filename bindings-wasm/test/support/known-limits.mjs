// Prism's own limits, shared with the Rust suite: the list is read from
// tests/conformance/tests/prism.rs (the one place it is maintained), and a refusal is excused
// only when every violation Prism reports is of the listed kind, exactly as there.
import { readFileSync } from 'node:fs';

const source = readFileSync(
  new URL('../../../tests/conformance/tests/prism.rs', import.meta.url),
  'utf8',
);

function knownList() {
  const block = source.match(/const KNOWN: &\[\(&str, &str\)\] = &\[([\s\S]*?)\];/);
  if (!block) throw new Error('KNOWN list not found in tests/conformance/tests/prism.rs');
  const entries = [...block[1].matchAll(/\("(\w+)",\s*"([\w-]+)"\)/g)].map((m) => [m[1], m[2]]);
  if (entries.length === 0) throw new Error('KNOWN list in prism.rs is empty or unreadable');
  return new Map(entries);
}

export const KNOWN = knownList();

const FITS = {
  'ambiguous-oneOf': (v) => v.endsWith('must match exactly one schema in oneOf'),
  'oneOf-of-enums': (v) =>
    v.endsWith('must be object') ||
    v.includes('must be equal to one of the allowed values') ||
    v.endsWith('must match exactly one schema in oneOf'),
};

/** The listed kind when this refusal is one of Prism's known limits, else undefined. */
export function knownPrismLimitation(operationId, violations) {
  const kind = KNOWN.get(operationId);
  const fits = kind && FITS[kind];
  if (!fits) return undefined;
  return violations.length > 0 && violations.every(fits) ? kind : undefined;
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
