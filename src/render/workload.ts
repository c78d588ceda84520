/**
 * Pod-level security context meeting the "restricted" Pod Security Standard:
 * non-root with a fixed uid/gid and the runtime's default seccomp profile.
 */
export function restrictedPodSecurityContext(uid: number, sysctls?: { name: string; value: string }[]): Record<string, unknown> {
  return {
    runAsNonRoot: true,
    runAsUser: uid,
    runAsGroup: uid,
    seccompProfile: { type: 'RuntimeDefault' },
    sysctls,
  };
}

/** Container-level security context: no privilege, no capabilities, read-only root filesystem. */
export function restrictedContainerSecurityContext(uid: number): Record<string, unknown> {
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
