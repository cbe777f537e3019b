// Extracts the import closure of the root protos listed in roots.txt from the pinned
// @grpc/grpc-js-xds package into an output folder, and applies the one fix its copy needs.
// Usage: node extract.mjs <outDir>
// Files are rewritten only when their content changed, so incremental builds stay incremental.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const outDir = path.resolve(process.argv[2] ?? path.join(here, '.extracted'));
const deps = path.join(here, 'node_modules', '@grpc', 'grpc-js-xds', 'deps');
const includeRoots = ['envoy-api', 'xds', 'googleapis', 'protoc-gen-validate'].map(d => path.join(deps, d));

if (!fs.existsSync(deps)) {
  console.error(`extract.mjs: ${deps} not found; run 'npm ci' in ${here} first`);
  process.exit(1);
}

const roots = fs.readFileSync(path.join(here, 'roots.txt'), 'utf8')
  .split('\n').map(l => l.trim()).filter(l => l && !l.startsWith('#'));

// google/protobuf/*.proto (well-known types) ship with Grpc.Tools; they are not extracted.
const isWellKnown = name => name.startsWith('google/protobuf/');

function locate(name) {
  for (const root of includeRoots) {
    const full = path.join(root, name);
    if (fs.existsSync(full)) return full;
  }
  return null;
}

const importRe = /^\s*import\s+(?:public\s+|weak\s+)?"([^"]+)"\s*;/gm;
const seen = new Map();
const queue = [...roots];
while (queue.length > 0) {
  const name = queue.pop();
  if (seen.has(name) || isWellKnown(name)) continue;
  const full = locate(name);
  if (!full) {
    console.error(`extract.mjs: cannot find ${name} under ${deps}`);
    process.exit(1);
  }
  let text = fs.readFileSync(full, 'utf8');
  if (name === 'validate/validate.proto') text = patchValidate(text);
  seen.set(name, text);
  for (const m of text.matchAll(importRe)) queue.push(m[1]);
}

// The validate.proto in this package predates StringRules.ignore_empty (field 26), which
// envoy/config/core/v3/protocol.proto uses; protoc rejects the import without it.
function patchValidate(text) {
  if (/ignore_empty\s*=\s*26/.test(text)) return text;
  const marker = 'message StringRules {';
  const at = text.indexOf(marker);
  if (at < 0) throw new Error('validate.proto: StringRules not found');
  const insert = '\n    // Added at build time (see protos/README.md).\n    optional bool ignore_empty = 26;\n';
  return text.slice(0, at + marker.length) + insert + text.slice(at + marker.length);
}

let written = 0;
for (const [name, text] of seen) {
  const target = path.join(outDir, name);
  if (fs.existsSync(target) && fs.readFileSync(target, 'utf8') === text) continue;
  fs.mkdirSync(path.dirname(target), { recursive: true });
  fs.writeFileSync(target, text);
  written++;
}
const list = [...seen.keys()].sort().join('\n') + '\n';
const listFile = path.join(outDir, 'closure.txt');
if (!fs.existsSync(listFile) || fs.readFileSync(listFile, 'utf8') !== list) fs.writeFileSync(listFile, list);
console.log(`extract.mjs: ${seen.size} protos in closure, ${written} written to ${outDir}`);
