import { ListenerIndex } from '../model/attachment';
import { selects } from '../model/labels';
import { ModelProblem } from '../model/problems';
import { IngressApiKind, ProxyMode, ResolvedGatewayModel } from '../model/types';
import { checkBackendPorts } from './backend-ports';
import { checkCapabilities } from './capabilities';
import { checkDuplicateMatches, checkHostsServed, checkSomethingExposed, checkTlsHostsAllowed } from './gateway';
import { checkGatewayApi } from './gateway-api';
import { checkIstioApi } from './istio';
import { checkKubernetesIngress } from './kubernetes-ingress';
import { checkRedirectLoops } from './redirects';
import { checkRetryBudget } from './retries';
import { checkTlsHostsRouted } from './tls-routes';

/**
 * Every check of one gateway with its routes and TLS: the ones all APIs
 * share, what the gateway's API cannot express, and what only that API
 * needs. Constructs run these at synth time; `validateGateway()` runs them on
 * a model built by hand.
 */
export function checkResolvedGateway(model: ResolvedGatewayModel, index: ListenerIndex = new ListenerIndex(model.listeners)): ModelProblem[] {
  return [
    ...checkTlsHostsAllowed(model),
    ...checkSomethingExposed(model),
    ...checkHostsServed(model),
    ...checkDuplicateMatches(model.routes),
    ...checkCapabilities(model.api, model.routes),
    ...checkTlsHostsRouted(model),
    ...checkRedirectLoops(model, index),
    ...checkRetryBudget(model.routes),
    ...checkBackendPorts(model),
    ...apiChecks(model, index),
  ];
}

function apiChecks(model: ResolvedGatewayModel, index: ListenerIndex): ModelProblem[] {
  switch (model.api) {
    case IngressApiKind.ISTIO:
      return checkIstioApi(model);
    case IngressApiKind.GATEWAY_API:
      return checkGatewayApi(model, index);
    case IngressApiKind.KUBERNETES_INGRESS:
      return checkKubernetesIngress(model);
  }
}

/**
 * An Istio Gateway applies to every pod its selector matches, in any
 * namespace: when a gateway deploys its own proxy, a selector that also
 * matches the proxy another gateway deploys would serve this gateway's hosts
 * there too. (Selecting another gateway's proxy on purpose is what an
 * existing proxy is for.) Checked across the gateways of one program.
 */
export function checkProxySelectors(models: readonly ResolvedGatewayModel[]): ModelProblem[] {
  const bundled = models.filter((m) => m.managed !== false && m.proxy.mode === ProxyMode.BUNDLED && m.proxy.podLabels);
  const problems: ModelProblem[] = [];
  for (const model of bundled) {
    if (model.api !== IngressApiKind.ISTIO) continue;
    const own = `${model.proxy.namespace}/${model.proxy.serviceName}`;
    for (const other of bundled) {
      const proxy = `${other.proxy.namespace}/${other.proxy.serviceName}`;
      if (proxy === own || !selects(model.proxy.selector, other.proxy.podLabels!)) continue;
      problems.push({
        source: model.source,
        field: 'proxy',
        message:
          `the Gateway's selector ${JSON.stringify(model.proxy.selector)} also matches the pods of proxy ${proxy} (deployed by ${other.source}); ` +
          "Istio selects across namespaces, so that proxy would serve this gateway's hosts too: give the proxies different names (GatewayProxy.bundled({ name }))",
      });
    }
  }
  return problems;
}
