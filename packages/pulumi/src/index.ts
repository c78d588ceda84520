export type { IngressAddress } from './address';
export { IngressDeployment } from './ingress-deployment';
export type { IngressDeploymentArgs } from './args';
