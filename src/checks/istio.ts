import { ModelProblem } from '../model/problems';
import { ResolvedGatewayModel } from '../model/types';

/** What only the Istio API needs: its `httpsRedirect` always sends clients to the default HTTPS port. */
export function checkIstioApi(model: ResolvedGatewayModel): ModelProblem[] {
  return model.tls
    .filter((t) => t.redirectFromPort !== undefined && t.port !== 443)
    .map((t) => ({
      source: t.source,
      field: 'httpsRedirect',
      message: `Istio's httpsRedirect always sends clients to port 443, but TLS is served on port ${t.port}; serve TLS on 443, or set httpsRedirect: false`,
    }));
}
