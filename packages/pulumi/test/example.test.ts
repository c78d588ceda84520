import * as pulumi from '@pulumi/pulumi';
import { App } from 'cdk8s';
import { HttpbinIstioApi } from '../../../examples/istio-api';
import { IngressAddress } from '../src';
import { Manifest, objectKey } from '../src/objects';
import { synth } from '../../../test/support/synth';
import { LOAD_BALANCER_IP, mockCluster, plain, Registration, settle, valueOf } from './support/mocks';

/** The stack outputs of packages/pulumi/example/index.ts. */
interface ExampleOutputs {
  readonly url: pulumi.Output<string | undefined>;
  readonly address: pulumi.Output<IngressAddress | undefined>;
}

describe('packages/pulumi/example: the httpbin scenario deployed with Pulumi', () => {
  let registrations: Registration[];
  let outputs: ExampleOutputs;
  beforeAll(async () => {
    registrations = await mockCluster();
    outputs = require('../example/index');
    await settle();
  });

  test('the program runs and its outputs resolve', async () => {
    expect(await valueOf(outputs.url)).toBe(`http://${LOAD_BALANCER_IP}`);
    expect((await valueOf(outputs.address))?.ports).toStrictEqual({ 'status-port': 15021, 'http2': 80, 'https': 443 });
  });

  test('it deploys exactly the objects cdk8s synth writes for the httpbin-istio-api chart', () => {
    const deployed = registrations.filter((r) => r.parent.endsWith('::httpbin')).map((r) => plain(r.inputs) as Manifest);
    const synthesised = synth(new HttpbinIstioApi(new App(), 'httpbin-istio-api')) as Manifest[];
    const byKey = (objects: Manifest[]) => Object.fromEntries(objects.map((o) => [objectKey(o), o]));
    expect(deployed).toHaveLength(synthesised.length);
    expect(byKey(deployed)).toStrictEqual(byKey(synthesised));
  });
});
