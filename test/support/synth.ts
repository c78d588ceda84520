import { App, Chart } from 'cdk8s';
import { ValidationError } from '../../src';
import type { ValidationProblem } from '../../src/errors';
import { assertValidManifests } from './schema-validator';
import { namespaceViolations } from './namespace-security';
import { podSecurityViolations, WritableRootFilesystem } from './pod-security';
import { rbacViolations } from './rbac';
import { objectsRenderedAsL1Would } from './typed-objects';
import { formatViolations } from './violations';

/** A manifest object as synthesised (plain JSON). */
export type Manifest = { apiVersion: string; kind: string; metadata: { name: string; namespace?: string; [key: string]: any }; [key: string]: any };

/**
 * Runs every construct validation of the app, exactly as `cdk8s synth` does
 * before writing anything, and returns the chart's objects once they pass the
 * checks: each object strictly against the schema of its kind (Kubernetes
 * 1.28, the CRDs with their CEL rules), the security rules, and objects
 * created without their L1 class rendering exactly as it would. Every test
 * that synthesises goes through here, so the checks added to it apply to all.
 */
export function synth(chart: Chart): Manifest[] {
  validateApp(chart.node.root as App);
  return checked(chart.toJson() as Manifest[]);
}

/** All objects of every chart of the app, validated and checked (each chart must be applicable on its own). */
export function synthApp(app: App): Manifest[] {
  validateApp(app);
  return app.charts.flatMap((chart) => checked(chart.toJson() as Manifest[]));
}

/** Schema validation, then the security rules. */
function checked(objects: Manifest[]): Manifest[] {
  assertValidManifests(objects);
  return assertSecure(objects);
}

/**
 * Containers of our output that may write to their root filesystem. None so
 * far: add one only with the reason its image cannot run read-only.
 */
const WRITABLE_ROOT_FILESYSTEMS: readonly WritableRootFilesystem[] = [];

/**
 * Fails, listing every violation, unless the objects meet the rules all our
 * output must: Pod Security Standards "restricted" plus requests, limits and
 * read-only root filesystems; least-privilege RBAC; namespaces enforcing
 * "restricted". Charts are checked one at a time because each must be
 * applicable on its own.
 */
export function assertSecure(objects: Manifest[]): Manifest[] {
  const violations = [
    ...podSecurityViolations(objects, { writableRootFilesystem: WRITABLE_ROOT_FILESYSTEMS }),
    ...rbacViolations(objects),
    ...namespaceViolations(objects),
  ];
  if (violations.length > 0) throw new Error(formatViolations('the manifests break the security rules', violations));
  return objects;
}

function validateApp(app: App): void {
  const errors: string[] = [];
  for (const construct of app.node.findAll()) {
    for (const error of construct.node.validate()) errors.push(`[${construct.node.path}] ${error}`);
  }
  if (errors.length > 0) throw new Error(`Validation failed with the following errors:\n  ${errors.join('\n  ')}`);
  const changed = objectsRenderedAsL1Would(app);
  if (changed.length > 0) throw new Error(`Output differs from the generated L1 classes' rendering:\n  ${changed.join('\n  ')}`);
}

/** The one object of `kind` (and `name`, when given); fails the test if there is not exactly one. */
export function only(objects: Manifest[], kind: string, name?: string): Manifest {
  const found = objects.filter((o) => o.kind === kind && (name === undefined || o.metadata.name === name));
  if (found.length !== 1) throw new Error(`expected exactly one ${kind}${name ? ` named ${name}` : ''}, found ${found.length}`);
  return found[0];
}

/** Objects of `kind`. */
export function ofKind(objects: Manifest[], kind: string): Manifest[] {
  return objects.filter((o) => o.kind === kind);
}

/** A fresh app and chart for a test. */
export function newChart(props: { namespace?: string } = {}): Chart {
  return new Chart(new App(), 'test', props);
}

/** The ValidationError `fn` throws; fails the test if it throws nothing or something else. */
export function validationError(fn: () => unknown): ValidationError {
  let threw = false;
  let error: unknown;
  try {
    fn();
  } catch (e) {
    threw = true;
    error = e;
  }
  if (!threw) throw new Error('expected a ValidationError, but nothing was thrown');
  expect(error).toBeInstanceOf(ValidationError);
  return error as ValidationError;
}

/**
 * The problems of the ValidationError `fn` throws, each as { constructPath, field, message }, or []
 * when it throws nothing. Any other error is thrown on.
 */
export function problemsOf(fn: () => unknown): ValidationProblem[] {
  try {
    fn();
  } catch (e) {
    if (e instanceof ValidationError) return e.problems.map(({ constructPath, field, message }) => ({ constructPath, field, message }));
    throw e;
  }
  return [];
}
