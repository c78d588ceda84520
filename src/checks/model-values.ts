import { unmatchedLabels } from '../model/labels';
import { ModelProblem } from '../model/problems';
import { show } from '../model/show';
import { API_TRAITS } from '../model/apis';
import { API_NAMES } from '../model/capabilities';
import { BackendRefModel, CredentialModel, GatewayModel, HttpRuleModel, IngressApiKind, MatchModel, MetadataModel, PathMatchType, PathModifierType, ProxyMode, StringMatchType, TlsMode, TlsSourceModel } from '../model/types';
import { checkCertManagerTimes, parseGoDuration } from './cert-manager';
import { checkHeaderName, checkPath, checkPathRegex, checkRegex, CORS_ORIGIN, HTTP_METHODS, REDIRECT_STATUS_CODES } from './http';
import { checkCertificateHosts } from './pem';
import { isRetryCondition, RETRY_ON_CONDITIONS } from './retries-on';
import { CombinedField, combinationProblems } from './rule-combinations';
import { checkCidr, checkDns1035Label, checkDnsLabel, checkDnsSubdomain, checkHostname, checkLabelKey, checkLabelValue, checkPort, checkPortName } from './names';

/** The Gateway API's duration syntax, which Istio's Go durations accept too. */
const DURATION = /^([0-9]{1,5}(h|m|s|ms)){1,4}$/;
/** Kubernetes quantities as the constructs write them: `100m`, `1.5`, `128Mi`. */
const CPU = /^\d+(\.\d+)?m?$/;
const MEMORY = /^\d+(\.\d+)?(Ki|Mi|Gi|Ti)?$/;
const MAX_INT32 = 2 ** 31 - 1;

/**
 * The values of a model that did not come from the constructs, checked with
 * the rules the constructs apply to their props: object names, namespaces,
 * hosts, ports, labels, paths, regular expressions, header names, methods,
 * durations and weights. (The constructs validate each prop with a message
 * for it; for a model, each problem names the model field.)
 */
export function checkModelValues(model: GatewayModel): ModelProblem[] {
  const problems: ModelProblem[] = [];
  const portRequired = model.api !== IngressApiKind.KUBERNETES_INGRESS;
  const add = (source: string, field: string, problem: string | undefined, value: unknown) => {
    if (problem) problems.push({ source, field, message: `${show(value)} ${problem}` });
  };
  const source = model.source;
  add(source, 'name', checkDnsLabel(model.name), model.name);
  add(source, 'namespace', checkDnsLabel(model.namespace), model.namespace);
  add(source, 'clusterDomain', checkDnsSubdomain(model.clusterDomain), model.clusterDomain);
  add(source, 'proxy.namespace', checkDnsLabel(model.proxy.namespace), model.proxy.namespace);
  if (model.proxy.serviceName !== undefined) add(source, 'proxy.serviceName', checkDnsLabel(model.proxy.serviceName), model.proxy.serviceName);
  for (const [key, value] of Object.entries(model.proxy.selector)) {
    add(source, `proxy.selector[${JSON.stringify(key)}]`, checkLabelKey(key), key);
    add(source, `proxy.selector[${JSON.stringify(key)}]`, checkLabelValue(value), value);
  }
  for (const [i, host] of (model.hosts ?? []).entries()) add(source, `hosts[${i}]`, checkHostname(host), host);
  checkMetadata(model.metadata, source, 'metadata', add);
  if (model.createNamespace) {
    checkLabelMap(model.createNamespace.labels, source, 'createNamespace.labels', add);
    const enforce = model.createNamespace.labels['pod-security.kubernetes.io/enforce'];
    if (enforce !== 'restricted') add(source, 'createNamespace.labels["pod-security.kubernetes.io/enforce"]', 'must be "restricted": namespaces this library creates enforce the restricted Pod Security Standard', enforce);
  }
  if (model.gatewayApi) {
    const { gatewayClassName, infrastructureLabels, infrastructureAnnotations, allowedRoutes, sectionName } = model.gatewayApi;
    if (gatewayClassName !== undefined) add(source, 'gatewayApi.gatewayClassName', checkDnsSubdomain(gatewayClassName), gatewayClassName);
    if (sectionName !== undefined) add(source, 'gatewayApi.sectionName', checkDnsSubdomain(sectionName), sectionName);
    checkLabelMap(infrastructureLabels, source, 'gatewayApi.infrastructureLabels', add);
    checkAnnotationMap(infrastructureAnnotations, source, 'gatewayApi.infrastructureAnnotations', add, 4096);
    checkLabelMap(allowedRoutes?.matchLabels, source, 'gatewayApi.allowedRoutes.matchLabels', add);
  }
  if (model.kubernetesIngress) {
    const { ingressClassName, ingressSelector } = model.kubernetesIngress;
    if (ingressClassName !== undefined) add(source, 'kubernetesIngress.ingressClassName', checkDnsSubdomain(ingressClassName), ingressClassName);
    if (ingressSelector !== undefined) add(source, 'kubernetesIngress.ingressSelector', ingressSelector === '' ? 'must not be empty' : checkLabelValue(ingressSelector), ingressSelector);
  }
  checkLabelMap(model.proxy.podLabels, source, 'proxy.podLabels', add);
  const bundled = model.proxy.bundled;
  if (bundled) {
    add(source, 'proxy.bundled.name', checkDns1035Label(bundled.name), bundled.name);
    checkLabelMap(bundled.selectorLabels, source, 'proxy.bundled.selectorLabels', add);
    problems.push(...checkProxyPodLabels(model));
    checkAnnotationMap(bundled.serviceAnnotations, source, 'proxy.bundled.serviceAnnotations', add);
    for (const [key, value] of Object.entries(bundled.resources)) {
      const pattern = key.startsWith('cpu') ? CPU : MEMORY;
      add(source, `proxy.bundled.resources.${key}`, pattern.test(value) ? undefined : `is not a ${key.startsWith('cpu') ? 'CPU amount such as "100m"' : 'memory size such as "128Mi"'}`, value);
    }
    const counts: [string, number | undefined, number][] = [
      ['replicas', bundled.replicas, 0],
      ['autoscaling.minReplicas', bundled.autoscaling?.minReplicas, 1],
      ['autoscaling.maxReplicas', bundled.autoscaling?.maxReplicas, bundled.autoscaling?.minReplicas ?? 1],
      ['autoscaling.targetCpuUtilizationPercent', bundled.autoscaling?.targetCpuUtilizationPercent, 1],
      ['podDisruptionBudget.minAvailable', bundled.podDisruptionBudget?.minAvailable, 0],
      ['podDisruptionBudget.maxUnavailable', bundled.podDisruptionBudget?.maxUnavailable, 0],
    ];
    for (const [field, value, min] of counts) {
      if (value !== undefined && !(Number.isInteger(value) && value >= min && value <= MAX_INT32)) add(source, `proxy.bundled.${field}`, `must be a whole number from ${min} to ${MAX_INT32}`, value);
    }
    for (const [field, cidrs] of [
      ['loadBalancerSourceRanges', bundled.loadBalancerSourceRanges],
      ['networkPolicy.sourceCidrs', bundled.networkPolicy?.sourceCidrs],
      ['networkPolicy.egress.cidrs', bundled.networkPolicy?.egress?.cidrs],
    ] as const) {
      (cidrs ?? []).forEach((cidr, i) => add(source, `proxy.bundled.${field}[${i}]`, checkCidr(cidr), cidr));
    }
  }
  for (const [i, listener] of (model.listeners ?? []).entries()) {
    add(source, `listeners[${i}].name`, checkDnsSubdomain(listener.name), listener.name);
    add(source, `listeners[${i}].port`, checkPort(listener.port), listener.port);
    add(source, `listeners[${i}].hostname`, checkHostname(listener.hostname), listener.hostname);
  }
  for (const route of model.routes) {
    add(route.source, 'name', checkDnsLabel(route.name), route.name);
    add(route.source, 'namespace', checkDnsLabel(route.namespace), route.namespace);
    add(route.source, 'port', checkPort(route.port), route.port);
    if (route.hosts.length === 0) problems.push({ source: route.source, field: 'hosts', message: 'lists no host; give at least one (or "*" for any host)' });
    route.hosts.forEach((host, i) => add(route.source, `hosts[${i}]`, checkHostname(host), host));
    if (route.rules.length === 0) {
      problems.push({ source: route.source, field: 'rules', message: 'lists no rule, so the route would send nowhere (istiod and the HTTPRoute CRD refuse it); give at least one, e.g. { matches: [], backends: [...] } for every request' });
    }
    route.rules.forEach((rule, r) => checkRule(rule, route.source, `routes[${r}]`, add, portRequired));
    route.rules.forEach((rule, r) => problems.push(...ruleActionProblems(rule, route.source, `routes[${r}]`)));
    checkMetadata(route.metadata, route.source, 'metadata', add);
  }
  for (const tls of model.tls) {
    add(tls.source, 'name', checkDnsLabel(tls.name), tls.name);
    add(tls.source, 'namespace', checkDnsLabel(tls.namespace), tls.namespace);
    add(tls.source, 'port', checkPort(tls.port), tls.port);
    if (tls.redirectFromPort !== undefined) add(tls.source, 'redirectFromPort', checkPort(tls.redirectFromPort), tls.redirectFromPort);
    if (tls.hosts.length === 0) problems.push({ source: tls.source, field: 'hosts', message: 'lists no host; give the SNI host names the TLS listener serves (or "*" for any)' });
    tls.hosts.forEach((host, i) => add(tls.source, `hosts[${i}]`, checkHostname(host), host));
    checkMetadata(tls.metadata, tls.source, 'metadata', add);
    for (const key of ['certificate', 'clientCa'] as const) {
      const ref = tls.tls[key];
      if (ref === undefined) continue;
      add(tls.source, `tls.${key}.name`, checkDnsSubdomain(ref.name), ref.name);
      add(tls.source, `tls.${key}.namespace`, checkDnsLabel(ref.namespace), ref.namespace);
    }
    problems.push(...checkTlsSettings(tls, model.api));
    (tls.tls.cipherSuites ?? []).forEach((suite, i) => add(tls.source, `tls.cipherSuites[${i}]`, /^[A-Z0-9-]{1,64}$/.test(suite) ? undefined : 'is not a cipher suite name', suite));
    (tls.backends ?? []).forEach((backend, b) => checkBackend(backend, tls.source, `backends[${b}]`, add, portRequired));
    (tls.credentials ?? []).forEach((credential, c) => {
      add(tls.source, `credentials[${c}].name`, checkDnsSubdomain(credential.name), credential.name);
      add(tls.source, `credentials[${c}].namespace`, checkDnsLabel(credential.namespace), credential.namespace);
    });
    // A certificate is checked against the hosts only once they are valid host names (reported above otherwise).
    const hostsValid = tls.hosts.every((host) => checkHostname(host) === undefined);
    if (hostsValid) (Array.isArray(tls.credentials) ? tls.credentials : []).forEach((credential, i) => checkCredential(credential, tls.hosts, tls.source, `credentials[${i}]`, problems));
  }
  return problems;
}

/**
 * The labels of a bundled proxy's pods (`podLabels`) must carry its
 * `selectorLabels`, which the Deployment, Service, disruption budget and
 * network policy select the pods by (the API server refuses a Deployment
 * whose selector does not match its template: "`selector` does not match
 * template `labels`", and an empty one), and through the Istio API the
 * Gateway's `selector` too (a Gateway whose selector matches none of the
 * pods configures no proxy).
 */
function checkProxyPodLabels(model: GatewayModel): ModelProblem[] {
  const bundled = model.proxy.bundled;
  if (bundled === undefined || model.managed === false || model.proxy.mode !== ProxyMode.BUNDLED) return [];
  const problems: ModelProblem[] = [];
  const podLabels = model.proxy.podLabels ?? {};
  const missing = (selector: Readonly<Record<string, string>>) => unmatchedLabels(selector, podLabels).map(([key, value]) => `${show(key)}: ${show(value)}`);
  if (Object.keys(bundled.selectorLabels).length === 0) {
    problems.push({ source: model.source, field: 'proxy.bundled.selectorLabels', message: "lists no label, but the proxy's Deployment, Service, disruption budget and network policy select its pods by these labels: give at least one" });
  }
  const notCarried = missing(bundled.selectorLabels);
  if (notCarried.length > 0) {
    problems.push({
      source: model.source,
      field: 'proxy.podLabels',
      message: `lacks ${notCarried.slice(0, 3).join(', ')} of proxy.bundled.selectorLabels, which select the proxy's pods (the API server refuses a Deployment whose selector does not match its pods' labels): add them to podLabels`,
    });
  }
  const notSelected = model.api === IngressApiKind.ISTIO ? missing(model.proxy.selector) : [];
  if (notSelected.length > 0) {
    problems.push({
      source: model.source,
      field: 'proxy.selector',
      message: `selects ${notSelected.slice(0, 3).join(', ')}, which the bundled proxy's pods (podLabels) do not carry, so the Gateway would configure no proxy: select labels of podLabels`,
    });
  }
  return problems;
}

/**
 * What a TLS source's mode needs, as TlsIngress refuses it for its props:
 * terminating TLS needs the server certificate and forwards nothing itself;
 * passthrough needs a backend and uses no certificate; a client CA only
 * applies to the mutual modes, and where the API cannot read it from the
 * certificate Secret (the Gateway API), a mutual mode without one would
 * verify no client certificate at all. Otherwise a renderer would drop the
 * field, or write an object the API server or istiod refuses.
 */
function checkTlsSettings(tls: TlsSourceModel, api: IngressApiKind): ModelProblem[] {
  const problems: ModelProblem[] = [];
  const problem = (field: string, message: string) => problems.push({ source: tls.source, field, message });
  const { mode, certificate, clientCa } = tls.tls;
  const hasBackends = tls.backends !== undefined && tls.backends.length > 0;
  if (mode === TlsMode.PASSTHROUGH) {
    if (certificate !== undefined) problem('tls.certificate', 'is set, but passthrough leaves TLS to the backend and the gateway uses no certificate; remove it, or use mode SIMPLE to terminate TLS at the gateway');
    if (clientCa !== undefined) problem('tls.clientCa', 'is set, but passthrough leaves client certificates to the backend; remove it');
    if (!hasBackends) problem('backends', 'lists no backend; passthrough sends the TLS connections to a backend that terminates TLS: give one, such as { name, namespace, port: 443 }');
    return problems;
  }
  if (certificate === undefined) problem('tls.certificate', `is missing; mode ${mode} terminates TLS at the gateway, which needs the server certificate: set it to the Secret, { kind: 'Secret', name, namespace }`);
  if (hasBackends) problem('backends', `is only for passthrough; with mode ${mode} the gateway terminates TLS and the routes of these hosts say where requests go: remove backends`);
  const mutual = mode === TlsMode.MUTUAL || mode === TlsMode.OPTIONAL_MUTUAL;
  if (!mutual && clientCa !== undefined) problem('tls.clientCa', `is set, but a client CA only applies to modes MUTUAL and OPTIONAL_MUTUAL, not ${mode}; remove it, or use a mutual mode`);
  if (mutual && clientCa === undefined && !API_TRAITS[api].clientCaInCertificateSecret) {
    problem('tls.clientCa', `is missing; mode ${mode} verifies client certificates, and the ${API_NAMES[api]} does not read the CA from the certificate Secret: set it to the ${API_TRAITS[api].clientCaKind} with ca.crt`);
  }
  return problems;
}

/**
 * The credentials of a model's TLS source, with the rules TlsIngress applies:
 * a server certificate from PEM names the hosts in its subjectAltName (as
 * `CertificateSource.fromPem()`; its validity dates and key are the
 * constructs' checks, which need the clock); a cert-manager Certificate has an
 * issuer that can exist, names it can be issued for, and the duration and
 * renewBefore cert-manager accepts (as `CertificateSource.fromCertManager()`).
 */
function checkCredential(credential: CredentialModel, hosts: readonly string[], source: string, field: string, problems: ModelProblem[]): void {
  if (credential === null || typeof credential !== 'object') return;
  if (credential.type === 'tls-secret') {
    const problem = checkCertificateHosts(credential.certificatePem, hosts);
    if (problem) problems.push({ source, field: `${field}.certificatePem`, message: problem });
    return;
  }
  if (credential.type !== 'cert-manager') return;
  const issuer = credential.issuer as Partial<CredentialIssuer> | undefined;
  if (issuer === null || typeof issuer !== 'object') {
    problems.push({ source, field: `${field}.issuer`, message: 'names no issuer; give { kind: "Issuer" or "ClusterIssuer", name }, or { kind: "Issuer", name, selfSigned: true }' });
  } else {
    if (issuer.kind !== 'Issuer' && issuer.kind !== 'ClusterIssuer') {
      problems.push({ source, field: `${field}.issuer.kind`, message: `${show(issuer.kind)} is not an issuer kind; allowed: Issuer, ClusterIssuer` });
    } else if (issuer.selfSigned === true && issuer.kind !== 'Issuer') {
      problems.push({ source, field: `${field}.issuer.kind`, message: 'a self-signed issuer is an Issuer created next to the certificate, not a ClusterIssuer' });
    }
    const nameProblem = checkDnsSubdomain(issuer.name as string);
    if (nameProblem) problems.push({ source, field: `${field}.issuer.name`, message: `${show(issuer.name)} ${nameProblem}; give the name of an existing issuer` });
  }
  const dnsNames = Array.isArray(credential.dnsNames) ? credential.dnsNames : [];
  if (dnsNames.length === 0) problems.push({ source, field: `${field}.dnsNames`, message: 'lists no name; a certificate must name the hosts it serves' });
  dnsNames.forEach((name, i) => {
    const problem = name === '*' ? 'cannot be issued by cert-manager: list the hosts, or a wildcard such as "*.example.com"' : checkHostname(name);
    if (problem) problems.push({ source, field: `${field}.dnsNames[${i}]`, message: `${show(name)} ${problem}` });
  });
  const times: { duration?: number; renewBefore?: number } = {};
  for (const key of ['duration', 'renewBefore'] as const) {
    if (credential[key] === undefined) continue;
    times[key] = parseGoDuration(credential[key]);
    if (times[key] === undefined) problems.push({ source, field: `${field}.${key}`, message: `${show(credential[key])} is not a duration such as "2160h" or "1h30m"` });
  }
  if ((credential.duration === undefined || times.duration !== undefined) && (credential.renewBefore === undefined || times.renewBefore !== undefined)) {
    for (const { field: key, message } of checkCertManagerTimes(times.duration, times.renewBefore)) problems.push({ source, field: `${field}.${key}`, message });
  }
}

type CredentialIssuer = Extract<CredentialModel, { type: 'cert-manager' }>['issuer'];

type Add = (source: string, field: string, problem: string | undefined, value: unknown) => void;

function checkBackend(backend: BackendRefModel, source: string, at: string, add: Add, portRequired: boolean): void {
  add(source, `${at}.name`, checkDns1035Label(backend.name), backend.name);
  // Only Istio's Ingress controller resolves a Service port by name; the Istio API and the Gateway API need the number.
  if (backend.port === undefined && portRequired) add(source, `${at}.port`, 'is required: the Istio API and the Gateway API address Service ports by number', backend.port);
  add(source, `${at}.namespace`, checkDnsLabel(backend.namespace), backend.namespace);
  if (backend.port !== undefined) add(source, `${at}.port`, checkPort(backend.port), backend.port);
  if (backend.portName !== undefined) add(source, `${at}.portName`, checkPortName(backend.portName), backend.portName);
  if (backend.weight !== undefined && (!Number.isInteger(backend.weight) || backend.weight < 0 || backend.weight > 100)) {
    add(source, `${at}.weight`, 'must be a whole percentage from 0 to 100', backend.weight);
  }
}

function checkMetadata(metadata: MetadataModel | undefined, source: string, field: string, add: Add): void {
  checkLabelMap(metadata?.labels, source, `${field}.labels`, add);
  checkAnnotationMap(metadata?.annotations, source, `${field}.annotations`, add);
}

function checkLabelMap(labels: Readonly<Record<string, string>> | undefined, source: string, field: string, add: Add): void {
  for (const [key, value] of Object.entries(labels ?? {})) {
    add(source, `${field}[${show(key)}]`, checkLabelKey(key), key);
    add(source, `${field}[${show(key)}]`, checkLabelValue(value), value);
  }
}

function checkAnnotationMap(annotations: Readonly<Record<string, string>> | undefined, source: string, field: string, add: Add, maxValue = Infinity): void {
  for (const [key, value] of Object.entries(annotations ?? {})) {
    add(source, `${field}[${show(key)}]`, checkLabelKey(key), key);
    if (value.length > maxValue) add(source, `${field}[${show(key)}]`, `is ${value.length} characters long; at most ${maxValue} are allowed`, value);
  }
}

/** Percentages as the constructs take them: 0 to 100. */
function checkPercentage(value: number | undefined, source: string, field: string, add: Add): void {
  if (value !== undefined && !(value >= 0 && value <= 100)) add(source, field, 'must be a percentage from 0 to 100', value);
}

/**
 * What a rule does with the requests it matches: forward them (backends),
 * or answer them itself (a redirect or a direct response), never nothing
 * (istiod refuses such a route: "HTTP route, redirect or direct_response is
 * required"), and never both (the combinations the constructs refuse).
 */
function ruleActionProblems(rule: HttpRuleModel, source: string, field: string): ModelProblem[] {
  if (rule.backends.length === 0 && rule.redirect === undefined && rule.directResponse === undefined) {
    return [
      {
        source,
        field: `${field}.backends`,
        message: 'is empty, and the rule has no redirect or direct response, so the requests it matches would go nowhere (istiod refuses such a route); give at least one backend, or a redirect or a direct response',
      },
    ];
  }
  const isSet = (key: CombinedField) => (key === 'backends' ? rule.backends.length > 0 : rule[key] !== undefined);
  return combinationProblems(isSet).map((p) => ({ source, field: `${field}.${p.field}`, message: p.message }));
}

function checkRule(rule: HttpRuleModel, source: string, field: string, add: Add, portRequired: boolean): void {
  rule.matches.forEach((match, m) => checkMatch(match, source, `${field}.matches[${m}]`, add));
  rule.backends.forEach((backend, b) => checkBackend(backend, source, `${field}.backends[${b}]`, add, portRequired));
  if (rule.name !== undefined) add(source, `${field}.name`, checkDnsLabel(rule.name), rule.name);
  // istiod refuses a rewrite without a URI or authority.
  if (rule.rewrite && rule.rewrite.hostname === undefined && rule.rewrite.path === undefined) add(source, `${field}.rewrite`, 'rewrites nothing: give a hostname, a path or both, or remove the rewrite', rule.rewrite);
  for (const [key, modifier] of [['rewrite', rule.rewrite], ['redirect', rule.redirect]] as const) {
    if (modifier === undefined) continue;
    if (modifier.hostname !== undefined) add(source, `${field}.${key}.hostname`, checkDnsSubdomain(modifier.hostname), modifier.hostname);
    if (modifier.path !== undefined) {
      add(source, `${field}.${key}.path.value`, checkPath(modifier.path.value), modifier.path.value);
      if (modifier.path.type === PathModifierType.PREFIX_MATCH && (rule.matches.length !== 1 || rule.matches[0].path?.type !== PathMatchType.PREFIX)) {
        add(source, `${field}.${key}.path`, 'replaces the matched prefix, so the rule must have exactly one match, a path prefix', modifier.path.type);
      }
    }
  }
  if (rule.redirect?.port !== undefined) add(source, `${field}.redirect.port`, checkPort(rule.redirect.port), rule.redirect.port);
  if (rule.redirect !== undefined && !REDIRECT_STATUS_CODES.includes(rule.redirect.statusCode)) add(source, `${field}.redirect.statusCode`, 'must be 301, 302, 303, 307 or 308', rule.redirect.statusCode);
  for (const key of ['requestHeaders', 'responseHeaders'] as const) {
    const modifier = rule[key];
    if (modifier === undefined) continue;
    for (const op of ['set', 'add'] as const) {
      (modifier[op] ?? []).forEach((header, i) => {
        add(source, `${field}.${key}.${op}[${i}].name`, checkHeaderName(header.name), header.name);
        const bad = header.value.length === 0 || header.value.length > 4096 || /[\u0000-\u0008\u000a-\u001f\u007f%]/.test(header.value);
        add(source, `${field}.${key}.${op}[${i}].value`, bad ? 'must be 1 to 4096 characters, without control characters or "%"' : undefined, header.value);
      });
    }
    (modifier.remove ?? []).forEach((name, i) => add(source, `${field}.${key}.remove[${i}]`, checkHeaderName(name), name));
  }
  (rule.mirrors ?? []).forEach((mirror, i) => {
    checkBackend(mirror.backend, source, `${field}.mirrors[${i}].backend`, add, portRequired);
    checkPercentage(mirror.percentage, source, `${field}.mirrors[${i}].percentage`, add);
  });
  if (rule.cors) {
    rule.cors.allowOrigins.forEach((origin, i) => add(source, `${field}.cors.allowOrigins[${i}]`, origin === '*' || CORS_ORIGIN.test(origin) ? undefined : 'is not an origin such as "https://app.example.com"', origin));
    for (const key of ['allowHeaders', 'exposeHeaders'] as const) (rule.cors[key] ?? []).forEach((name, i) => add(source, `${field}.cors.${key}[${i}]`, name === '*' ? undefined : checkHeaderName(name), name));
    (rule.cors.allowMethods ?? []).forEach((method, i) => add(source, `${field}.cors.allowMethods[${i}]`, HTTP_METHODS.includes(method) ? undefined : `is not an HTTP method; allowed: ${HTTP_METHODS.join(', ')}`, method));
    const maxAge = rule.cors.maxAgeSeconds;
    if (maxAge !== undefined && !(Number.isInteger(maxAge) && maxAge >= 1 && maxAge <= MAX_INT32)) add(source, `${field}.cors.maxAgeSeconds`, 'must be a whole number of seconds, at least 1', maxAge);
  }
  if (rule.retries) {
    const { attempts, perTryTimeout } = rule.retries;
    if (!(Number.isInteger(attempts) && attempts >= 0 && attempts <= MAX_INT32)) add(source, `${field}.retries.attempts`, 'must be a whole number from 0', attempts);
    if (perTryTimeout !== undefined && !DURATION.test(perTryTimeout)) add(source, `${field}.retries.perTryTimeout`, 'is not a duration such as "2s"', perTryTimeout);
    (rule.retries.retryOn ?? []).forEach((condition, i) =>
      add(source, `${field}.retries.retryOn[${i}]`, isRetryCondition(condition) ? undefined : `is not a retry condition; allowed: ${RETRY_ON_CONDITIONS.join(', ')}, or a 4xx or 5xx status code such as "503"`, condition),
    );
  }
  if (rule.fault) {
    const { delay, abort } = rule.fault;
    // istiod: "HTTP fault injection must have an abort and/or a delay".
    if (delay === undefined && abort === undefined) add(source, `${field}.fault`, 'injects nothing: give a delay, an abort or both, or remove the fault', rule.fault);
    if (delay && !DURATION.test(delay.fixedDelay)) add(source, `${field}.fault.delay.fixedDelay`, 'is not a duration such as "5s"', delay.fixedDelay);
    checkPercentage(delay?.percentage, source, `${field}.fault.delay.percentage`, add);
    if (abort && !(Number.isInteger(abort.httpStatus) && abort.httpStatus >= 200 && abort.httpStatus <= 599)) add(source, `${field}.fault.abort.httpStatus`, 'must be an HTTP status code from 200 to 599', abort.httpStatus);
    checkPercentage(abort?.percentage, source, `${field}.fault.abort.percentage`, add);
  }
  if (rule.directResponse && !(Number.isInteger(rule.directResponse.status) && rule.directResponse.status >= 200 && rule.directResponse.status <= 599)) {
    add(source, `${field}.directResponse.status`, 'must be an HTTP status code from 200 to 599', rule.directResponse.status);
  }
  if (rule.timeout !== undefined && (typeof rule.timeout !== 'string' || !DURATION.test(rule.timeout))) {
    add(source, `${field}.timeout`, 'is not a duration such as "4s", "1m30s" or "250ms"', rule.timeout);
  }
}

function checkMatch(match: MatchModel, source: string, field: string, add: Add): void {
  if (match.path) {
    const problem = match.path.type === PathMatchType.REGEX ? checkPathRegex(match.path.value) : checkPath(match.path.value);
    add(source, `${field}.path.value`, problem, match.path.value);
  }
  for (const key of ['headers', 'queryParams'] as const) {
    (match[key] ?? []).forEach((m, i) => {
      const at = `${field}.${key}[${i}]`;
      add(source, `${at}.name`, checkHeaderName(m.name), m.name);
      const valueProblem =
        m.type === StringMatchType.REGEX
          ? checkRegex(m.value)
          : m.value.length === 0 || m.value.length > 4096 || /[\u0000-\u0008\u000a-\u001f\u007f]/.test(m.value)
            ? 'must be 1 to 4096 characters, without control characters'
            : undefined;
      add(source, `${at}.value`, valueProblem, m.value);
    });
  }
  if (match.method !== undefined && !HTTP_METHODS.includes(match.method)) add(source, `${field}.method`, `is not an HTTP method; allowed: ${HTTP_METHODS.join(', ')}`, match.method);
}
