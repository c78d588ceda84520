import { readdirSync, readFileSync, statSync } from 'node:fs';
import { extname, join } from 'node:path';
import { LineCounter, parseAllDocuments } from 'yaml';
import { RouteExplainer } from '../explain/explainer';
import { Io, UsageError } from './command';

const EXTENSIONS = new Set(['.yaml', '.yml', '.json']);
/** Loading that takes longer than this shows a progress line. */
const PROGRESS_AFTER_MS = 1000;

/** Every manifest file named by `-f`: files as given, directories by their *.yaml, *.yml and *.json files (not recursive, as kubectl -f). */
export function manifestFiles(paths: readonly string[]): string[] {
  if (paths.length === 0) throw new UsageError('no manifests: give files or directories with -f');
  const files: string[] = [];
  for (const path of paths) {
    let stat;
    try {
      stat = statSync(path);
    } catch {
      throw new UsageError(`${path}: no such file or directory`);
    }
    if (stat.isDirectory()) {
      const inside = readdirSync(path)
        .filter((name) => EXTENSIONS.has(extname(name).toLowerCase()))
        .sort()
        .map((name) => join(path, name))
        .filter((file) => statSync(file).isFile());
      if (inside.length === 0) throw new UsageError(`${path}: no .yaml, .yml or .json files in the directory`);
      files.push(...inside);
    } else files.push(path);
  }
  return files;
}

/** Parses every document of every file, each object tagged `file:line`. */
export function readManifests(files: readonly string[], progress: Progress): { objects: unknown[]; sources: string[] } {
  const objects: unknown[] = [];
  const sources: string[] = [];
  files.forEach((file, i) => {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (error) {
      throw new UsageError(`${file}: cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
    }
    if (extname(file).toLowerCase() === '.json') {
      let value: unknown;
      try {
        value = JSON.parse(text);
      } catch (error) {
        throw new UsageError(`${file}: not valid JSON: ${(error as Error).message}`);
      }
      for (const [j, item] of (Array.isArray(value) ? value : [value]).entries()) {
        objects.push(item);
        sources.push(Array.isArray(value) ? `${file}[${j}]` : file);
      }
    } else {
      const lines = new LineCounter();
      const documents = parseAllDocuments(text, { lineCounter: lines, prettyErrors: false });
      const all = Array.isArray(documents) ? documents : [documents];
      for (const document of all) {
        const error = document.errors[0];
        if (error) {
          const { line, col } = lines.linePos(error.pos[0]);
          throw new UsageError(`${file}:${line}:${col}: not valid YAML: ${error.message.split('\n')[0]}`);
        }
        const value = document.toJS();
        if (value === null || value === undefined) continue;
        const start = document.contents?.range?.[0] ?? 0;
        objects.push(value);
        sources.push(`${file}:${lines.linePos(start).line}`);
      }
    }
    progress.tick(`read ${i + 1} of ${files.length} files (${objects.length} objects)`);
  });
  return { objects, sources };
}

/** A progress line on stderr, only once the work has taken more than a second. */
export class Progress {
  private readonly started: number;
  private shown = false;
  private lastShown?: number;

  constructor(
    private readonly io: Io,
    private readonly now: () => number = Date.now,
  ) {
    this.started = now();
  }

  /** At most one line a second, the first once a second has passed. */
  public tick(text: string): void {
    const now = this.now();
    if (now - (this.lastShown ?? this.started) <= PROGRESS_AFTER_MS) return;
    this.shown = true;
    this.lastShown = now;
    this.io.err(`loading manifests: ${text}...\n`);
  }

  public done(text: string): void {
    const elapsed = this.now() - this.started;
    if (this.shown || elapsed > PROGRESS_AFTER_MS) this.io.err(`loaded ${text} in ${(elapsed / 1000).toFixed(1)} s\n`);
  }
}

/** The explainer for the files named by `-f`. */
export function loadExplainer(paths: readonly string[], io: Io): RouteExplainer {
  const progress = new Progress(io);
  const { objects, sources } = readManifests(manifestFiles(paths), progress);
  if (objects.length === 0) throw new UsageError(`no Kubernetes objects in ${paths.join(', ')}`);
  const explainer = RouteExplainer.fromManifests(objects, { sources });
  progress.done(`${explainer.objectCount} objects (${explainer.ignored.length} of other kinds ignored)`);
  return explainer;
}
