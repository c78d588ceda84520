import { Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { IngressOperator } from '../src';

/**
 * Operator mode's install: the CRDs, the CompositeControllers and the hook,
 * for a cluster with Istio, the Gateway API CRDs and Metacontroller. Build
 * the image from the Dockerfile and set its reference (by digest) here.
 */
export class OperatorInstall extends Chart {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    new IngressOperator(this, 'operator', {
      image: 'registry.example.com/cdk8s-istio-ingress:0.1.0',
      gatewayApi: true,
    });
  }
}
