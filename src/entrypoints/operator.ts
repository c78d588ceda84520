/**
 * `cdk8s-istio-ingress/operator`: the Metacontroller hook server and the KRM
 * function, for the operator's own process (`npx cdk8s-istio-ingress
 * operator`, `... krm`) and for embedding them. Kept out of the root export so
 * that a program synthesising charts does not load them.
 */
export { HookServer } from '../operator/server';
export type { HookServerOptions } from '../operator/server';
export { krmFunction } from '../operator/krm';
