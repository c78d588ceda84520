#!/usr/bin/env node
// Rewrites the capability matrix in README.md (between the
// <!-- capability-matrix:start/end --> markers) from the capability table in
// src/model/capabilities.ts. Run through `npm run docs:matrix`, which builds
// lib/ first; test/capability-matrix.test.ts fails until the README agrees.
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const { withCapabilityMatrix } = createRequire(import.meta.url)(join(root, 'lib', 'src', 'model', 'capability-matrix.js'));
const readmePath = join(root, 'README.md');
const before = readFileSync(readmePath, 'utf8');
const after = withCapabilityMatrix(before);
if (after === before) {
  console.log('README.md capability matrix is up to date');
} else {
  writeFileSync(readmePath, after);
  console.log('README.md capability matrix rewritten');
}
