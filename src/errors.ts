import { IConstruct } from 'constructs';

/** One problem: the construct, the field and what is wrong. */
export interface ValidationProblem {
  /** Path of the construct whose props are invalid. */
  readonly constructPath: string;
  /** The prop (or prop path, e.g. `routes[1].matches[0].path`) that is invalid. */
  readonly field: string;
  /** What is wrong and how to fix it. */
  readonly message: string;
}

/**
 * The one error this library throws for invalid input: an invalid prop, or
 * an invalid combination of props.
 *
 * Found while building a construct, it names the construct path, the field,
 * the value received and what is allowed, e.g.
 * `[chart/httpbin] hosts[0]: "Httpbin.example.com" must be lower-case ...`.
 * Problems that can only be seen once every construct exists (two services
 * claiming the same route, a host no listener serves) are all reported at
 * once when synthesis starts (`app.synth()`, `chart.toJson()`), as one
 * ValidationError whose message lists them in the format of cdk8s's own
 * validation errors and whose `problems` holds each.
 *
 * TypeScript and JavaScript only (jsii cannot represent a subclass of
 * `Error`): in Python, Java, Go and .NET the same message arrives as the
 * jsii runtime's error (e.g. `RuntimeError` in Python).
 * @jsii ignore
 */
export class ValidationError extends Error {
  /** Path of the construct whose props are invalid (the first one, when there are several). */
  public readonly constructPath: string;
  /** The prop (or prop path, e.g. `routes[1].matches[0].path`) that is invalid. */
  public readonly field: string;
  /** Every problem found: one, except at synthesis. */
  public readonly problems: ValidationProblem[];

  constructor(constructPath: string, field: string, problem: string) {
    super(`[${constructPath}] ${field}: ${problem}`);
    this.name = 'ValidationError';
    this.constructPath = constructPath;
    this.field = field;
    this.problems = [{ constructPath, field, message: problem }];
  }

  /**
   * One error for every problem synthesis found.
   * @internal
   */
  public static _ofProblems(problems: readonly ValidationProblem[]): ValidationError {
    const [first] = problems;
    const error = new ValidationError(first.constructPath, first.field, first.message);
    error.message = `Validation failed with the following errors:\n  ${problems.map((p) => `[${p.constructPath}] ${p.field}: ${p.message}`).join('\n  ')}`;
    error.problems.splice(0, 1, ...problems);
    return error;
  }
}

/** Throws a ValidationError for `scope`. */
export function invalid(scope: IConstruct, field: string, problem: string): never {
  throw new ValidationError(scope.node.path, field, problem);
}

export { show } from './model/show';
