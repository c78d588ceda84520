import { IConstruct } from 'constructs';
import { invalid, show } from '../errors';
import { MatchModel, PathMatchType, PathModifierModel, PathModifierType } from '../model/types';
import { checkPath } from '../checks/http';

/**
 * How a URL rewrite or a redirect changes the request path.
 *
 * @see https://gateway-api.sigs.k8s.io/reference/spec/#httppathmodifier
 */
export class PathModifier {
  /** The path becomes `path`, whatever it was (the query string is kept). */
  public static replaceFullPath(path: string): PathModifier {
    return new PathModifier(PathModifierType.FULL_PATH, path);
  }

  /**
   * The path prefix the route matched becomes `prefix`, the rest of the path
   * is kept: with the match `RouteMatch.pathPrefix('/api')`,
   * `replacePrefixMatch('/v2')` turns `/api/users` into `/v2/users`, and
   * `replacePrefixMatch('/')` into `/users`. The route must have exactly one
   * match, a path prefix (the Gateway API's rule, kept in every API).
   */
  public static replacePrefixMatch(prefix: string): PathModifier {
    return new PathModifier(PathModifierType.PREFIX_MATCH, prefix);
  }

  private constructor(
    public readonly type: PathModifierType,
    public readonly value: string,
  ) {}

  /** @internal */
  public _toModel(scope: IConstruct, field: string, matches: readonly MatchModel[]): PathModifierModel {
    if (typeof this.value !== 'string') invalid(scope, field, `expected a path, received ${show(this.value)}`);
    const problem = checkPath(this.value);
    if (problem) invalid(scope, field, `${show(this.value)} ${problem}`);
    if (this.type === PathModifierType.PREFIX_MATCH && (matches.length !== 1 || matches[0].path?.type !== PathMatchType.PREFIX)) {
      invalid(
        scope,
        field,
        `replacePrefixMatch needs to know which prefix it replaces, so the route must have exactly one match, a path prefix (it has ${matches.length === 1 ? 'a match without a path prefix' : `${matches.length} matches`}); ` +
          'split the route into one route per prefix, or use PathModifier.replaceFullPath()',
      );
    }
    return { type: this.type, value: this.value };
  }
}

/** Checks that `value` is a PathModifier and returns its model. */
export function pathModifierToModel(scope: IConstruct, field: string, value: unknown, matches: readonly MatchModel[]): PathModifierModel {
  if (!(value instanceof PathModifier)) invalid(scope, field, 'expected a PathModifier: PathModifier.replaceFullPath() or .replacePrefixMatch()');
  return value._toModel(scope, field, matches);
}
