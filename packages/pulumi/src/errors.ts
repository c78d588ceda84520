/**
 * Throws for an invalid argument of a Pulumi component, in the library's
 * error format: `[<component>] <field>: <problem>`. Every such check runs
 * before the first child resource is registered, so nothing is half-deployed.
 */
export function invalidArgument(component: string, field: string, problem: string): never {
  throw new Error(`[${component}] ${field}: ${problem}`);
}
