/**
 * Pod-level security context meeting the "restricted" Pod Security Standard:
 * non-root and the runtime's default seccomp profile, with a fixed uid/gid
 * when given (left to the image, or to Istio's injector, otherwise).
 */
export function restrictedPodSecurityContext(uid: number | undefined, sysctls?: { name: string; value: string }[]): Record<string, unknown> {
  return {
    runAsNonRoot: true,
    runAsUser: uid,
    runAsGroup: uid,
    seccompProfile: { type: 'RuntimeDefault' },
    sysctls,
  };
}

/** Container-level security context: no privilege, no capabilities, read-only root filesystem, non-root (with a fixed uid/gid when given). */
export function restrictedContainerSecurityContext(uid: number | undefined): Record<string, unknown> {
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
