/**
 * A manifest the explainer cannot read: names where it is, which field, and what is allowed.
 * TypeScript and JavaScript only, like ValidationError: other languages get the jsii runtime's error with the same message.
 * @jsii ignore
 */
export class ManifestError extends Error {
  /** Where the object came from (`dist/app.k8s.yaml#3`, `objects[2]`). */
  public readonly source: string;
  /** The field at fault, as a path (`spec.http[0].route`). */
  public readonly field: string;

  constructor(source: string, field: string, message: string) {
    super(`${source}: ${field === '' ? '' : `${field}: `}${message}`);
    this.name = 'ManifestError';
    this.source = source;
    this.field = field;
  }
}

/**
 * A request the explainer cannot answer: a URL without a host, an unknown gateway, ...
 * TypeScript and JavaScript only, like ValidationError: other languages get the jsii runtime's error with the same message.
 * @jsii ignore
 */
export class RequestError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RequestError';
  }
}
