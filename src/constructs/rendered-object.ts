import { ApiObject, JsonPatch } from 'cdk8s';
import { Construct } from 'constructs';
import { canonicalBody, Manifest } from '../render/manifest';

/**
 * An object the renderers produced, as an ApiObject under its owner. Its body
 * is plain, already-validated JSON without tokens, so `toJson()` writes it as
 * cdk8s would (keys sorted, undefined dropped) without resolving every value
 * once more; the metadata still goes through cdk8s (chart labels, labels and
 * annotations added through `metadata`), and an object given JSON patches is
 * written by cdk8s itself, patches applied.
 */
export class RenderedApiObject extends ApiObject {
  private readonly body: Record<string, unknown>;
  private patched = false;

  constructor(scope: Construct, id: string, manifest: Manifest) {
    super(scope, id, manifest);
    const { apiVersion: _apiVersion, kind: _kind, metadata: _metadata, ...body } = manifest;
    this.body = body;
  }

  public addJsonPatch(...ops: JsonPatch[]): void {
    this.patched = true;
    super.addJsonPatch(...ops);
  }

  public toJson(): any {
    if (this.patched) return super.toJson();
    return { apiVersion: this.apiVersion, kind: this.kind, metadata: this.metadata.toJson(), ...canonicalBody(this.body) };
  }
}
