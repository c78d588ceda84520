import { ApiObject, JsonPatch } from 'cdk8s';
import { Construct } from 'constructs';
import { canonicalBody, Manifest } from '../render/manifest';

/** Fields of a manifest that cdk8s writes itself (the metadata with the chart's labels and namespace). */
const OWN_FIELDS = new Set(['apiVersion', 'kind', 'metadata']);

/**
 * An object the renderers produced, as an ApiObject under its owner. Its
 * manifest is plain, already-validated JSON without tokens, made canonical
 * here (keys sorted, no undefined or null: what cdk8s writes; the renderers
 * write most objects that way already, and then nothing is copied), so
 * `toJson()` writes its fields as they are, without
 * resolving and sorting every value once more; the metadata still goes
 * through cdk8s (chart labels, labels and annotations added through
 * `metadata`), and an object given JSON patches is written by cdk8s itself,
 * patches applied.
 */
export class RenderedApiObject extends ApiObject {
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
    if (this.patched) return super.toJson();
    const json: Record<string, unknown> = { apiVersion: this.apiVersion, kind: this.kind, metadata: this.metadata.toJson() };
    const body = canonicalBody(this.manifest);
    for (const key in body) if (!OWN_FIELDS.has(key)) json[key] = body[key];
    return json;
  }
}
