import { Size, SizeRoundingBehavior } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { IConstruct } from 'constructs';
import { invalid } from '../core/errors';

const k8s = kplus.k8s;

/**
 * Pod-level security context meeting the "restricted" Pod Security Standard:
 * non-root with a fixed uid/gid and the runtime's default seccomp profile.
 */
export function restrictedPodSecurityContext(uid: number, sysctls?: kplus.k8s.Sysctl[]): kplus.k8s.PodSecurityContext {
  return {
    runAsNonRoot: true,
    runAsUser: uid,
    runAsGroup: uid,
    seccompProfile: { type: 'RuntimeDefault' },
    sysctls,
  };
}

/** Container-level security context: no privilege, no capabilities, read-only root filesystem. */
export function restrictedContainerSecurityContext(uid: number): kplus.k8s.SecurityContext {
  return {
    allowPrivilegeEscalation: false,
    privileged: false,
    readOnlyRootFilesystem: true,
    runAsNonRoot: true,
    runAsUser: uid,
    runAsGroup: uid,
    capabilities: { drop: ['ALL'] },
  };
}

/** Requests and limits in Kubernetes quantities. */
export interface ResourceDefaults {
  readonly cpuRequest: string;
  readonly cpuLimit: string;
  readonly memoryRequest: string;
  readonly memoryLimit: string;
}

/** Requests and limits for a container: every container we emit has both. */
export function resourceRequirements(
  scope: IConstruct,
  field: string,
  resources: kplus.ContainerResources | undefined,
  defaults: ResourceDefaults,
): kplus.k8s.ResourceRequirements {
  const quantity = (value: string) => k8s.Quantity.fromString(value);
  return {
    requests: {
      cpu: quantity(resources?.cpu?.request?.amount ?? defaults.cpuRequest),
      memory: quantity(mebibytes(scope, `${field}.memory.request`, resources?.memory?.request) ?? defaults.memoryRequest),
    },
    limits: {
      cpu: quantity(resources?.cpu?.limit?.amount ?? defaults.cpuLimit),
      memory: quantity(mebibytes(scope, `${field}.memory.limit`, resources?.memory?.limit) ?? defaults.memoryLimit),
    },
  };
}

function mebibytes(scope: IConstruct, field: string, size: Size | undefined): string | undefined {
  if (size === undefined) return undefined;
  if (!(size instanceof Size)) invalid(scope, field, 'expected a Size, e.g. Size.mebibytes(128)');
  const value = size.toMebibytes({ rounding: SizeRoundingBehavior.NONE });
  if (!(value > 0)) invalid(scope, field, `${value}Mi must be more than 0`);
  return `${value}Mi`;
}
