import { ApiObject, App, ImplicitTokenResolver, JsonPatch, LazyResolver, NumberStringUnionResolver } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import { canonicalBody, Manifest } from '../render/manifest';

/** cdk8s's own resolvers, which every App has: they only act on tokens, which rendered objects never hold. */
const BUILT_IN_RESOLVERS = [LazyResolver, ImplicitTokenResolver, NumberStringUnionResolver];

/**
 * An object the renderers produced, as an ApiObject under its owner. Its
 * manifest is plain, already-validated JSON without tokens, so `toJson()`
 * writes it as cdk8s would (keys sorted, undefined dropped; the renderers
 * write most objects that way already, and then nothing is copied) without
 * resolving every value once more. The metadata still goes through cdk8s
 * (chart labels, labels and annotations added through `metadata`). cdk8s
 * writes the object itself when that could differ: when it has JSON patches,
 * when the App has resolvers of its own, or when `CDK8S_DISABLE_SORT` is set.
 */
export class RenderedApiObject extends ApiObject {
  /** Whether `o` is an object of this library's rendering (`instanceof` would not do: ApiObject answers it for any ApiObject). */
  public static isRendered(o: IConstruct): o is RenderedApiObject {
    return Object.prototype.isPrototypeOf.call(RenderedApiObject.prototype, o);
  }

  private readonly manifest: Manifest;
  private patched = false;

  constructor(scope: Construct, id: string, manifest: Manifest) {
    super(scope, id, manifest);
    this.manifest = manifest;
  }

  public addJsonPatch(...ops: JsonPatch[]): void {
    this.patched = true;
    super.addJsonPatch(...ops);
  }

  public toJson(): any {
    if (this.patched || !writtenAsIs(this)) return super.toJson();
    const { apiVersion: _apiVersion, kind: _kind, metadata: _metadata, ...body } = this.manifest;
    return { apiVersion: this.apiVersion, kind: this.kind, metadata: this.metadata.toJson(), ...canonicalBody(body) };
  }
}

/** Whether cdk8s would write a token-free object exactly as it is, keys sorted: only cdk8s's own resolvers, and sorting on. */
function writtenAsIs(object: ApiObject): boolean {
  if (process.env.CDK8S_DISABLE_SORT) return false;
  const resolvers = (App.of(object) as Partial<App>).resolvers ?? [];
  return resolvers.every((resolver) => BUILT_IN_RESOLVERS.some((type) => resolver instanceof type));
}
