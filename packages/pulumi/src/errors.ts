import { ValidationError } from 'cdk8s-istio-ingress';

/**
 * Throws for an invalid argument of a Pulumi component, in the library's
 * error format: `[<component>] <field>: <problem>`. Every such check runs
 * before the first child resource is registered, so nothing is half-deployed.
 */
export function invalidArgument(component: string, field: string, problem: string): never {
  // The library's one error type, with the component in place of a construct path.
  throw new ValidationError(component, field, problem);
}

/** A value quoted for a message, whatever it is (a BigInt, a cyclic object), at most 80 characters. */
export function show(value: unknown): string {
  let text: string;
  try {
    text = typeof value === 'bigint' ? `${value}n` : typeof value === 'function' ? 'a function' : (JSON.stringify(value) ?? String(value));
  } catch {
    text = Object.prototype.toString.call(value);
  }
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}
