// Parses the typed Swift front end (codegen's Sources/AtlasAdmin/Generated/ and the Typed.swift
// it runs on) with the tree-sitter Swift grammar and fails on any ERROR or MISSING node. No Swift
// toolchain runs in CI, so this is a syntax check only: types, overloads and Codable
// conformances are not checked. (tree-sitter-swift 0.7 itself misreads some valid Swift, e.g.
// `#if` around declarations in the UniFFI-generated file, so that file is not checked here.)
//
//   node check.mjs [PATH...]    (default: ../Sources/AtlasAdmin/Generated ../Sources/AtlasAdmin/Typed.swift)
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const Parser = require('tree-sitter');
const Swift = require('tree-sitter-swift');

const here = fileURLToPath(new URL('.', import.meta.url));
const sources = join(here, '..', 'Sources', 'AtlasAdmin');
const roots = process.argv.length > 2 ? process.argv.slice(2) : [join(sources, 'Generated'), join(sources, 'Typed.swift')];
const parser = new Parser();
parser.setLanguage(Swift);

/** Every ERROR or MISSING node of a tree, as `line:column kind`. */
function problems(text) {
  // The binding reads the text through a buffer; it must hold the whole file.
  const tree = parser.parse(text, null, { bufferSize: 2 * text.length + 1 });
  const found = [];
  const walk = (node) => {
    if (!node.hasError && !node.isMissing) return;
    if (node.type === 'ERROR' || node.isMissing) {
      const { row, column } = node.startPosition;
      found.push(`${row + 1}:${column + 1} ${node.isMissing ? `MISSING ${node.type}` : 'ERROR'}`);
    }
    for (const child of node.children) walk(child);
  };
  walk(tree.rootNode);
  return found;
}

function swiftFiles(path) {
  if (!statSync(path).isDirectory()) return path.endsWith('.swift') ? [path] : [];
  return readdirSync(path).sort().flatMap((name) => swiftFiles(join(path, name)));
}

// The check must be able to fail: a known-bad snippet has to be reported.
if (problems('public struct A { public var x: Int = }\n').length === 0) {
  console.error('swift syntax check: the grammar accepted broken Swift; the check is not working');
  process.exit(2);
}

let files = 0, lines = 0, bad = 0;
for (const path of roots.flatMap(swiftFiles)) {
  const text = readFileSync(path, 'utf8');
  files += 1;
  lines += text.split('\n').length - 1;
  const found = problems(text);
  if (found.length > 0) {
    bad += 1;
    console.error(`${relative(process.cwd(), path)}: ${found.length} syntax errors, first: ${found.slice(0, 5).join('; ')}`);
  }
}
console.log(`swift syntax check: ${files} files, ${lines} lines, ${bad} with syntax errors`);
process.exit(bad === 0 && files > 0 ? 0 : 1);
