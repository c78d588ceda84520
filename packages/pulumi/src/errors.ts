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
