/**
 * Users of the REST facade for local runs and tests: the kubefix
 * ClusterRoles applied, a ServiceAccount bound to one of them in the install
 * namespace, and a token for it from the TokenRequest API — the same steps
 * as `kubectl create serviceaccount/rolebinding/token` in docs/api.md.
 */
import { CoreV1Api, RbacAuthorizationV1Api, type KubeConfig } from "@kubernetes/client-node";
import { userClusterRoles } from "../../api/auth/roles.js";
import { isApiStatus } from "../../lib/kube/client.js";

const ignoreConflict = (err: unknown): void => {
  if (!isApiStatus(err, 409)) throw err;
};

/** Creates or replaces kubefix-viewer, -approver, -alert-sender and -admin. */
export async function applyUserRoles(kc: KubeConfig): Promise<void> {
  const rbac = kc.makeApiClient(RbacAuthorizationV1Api);
  for (const role of userClusterRoles()) {
    const name = role.metadata?.name ?? "";
    try {
      const current = await rbac.readClusterRole({ name });
      await rbac.replaceClusterRole({ name, body: { ...role, metadata: { ...role.metadata, resourceVersion: current.metadata?.resourceVersion } } });
    } catch (err) {
      if (!isApiStatus(err, 404)) throw err;
      await rbac.createClusterRole({ body: role }).catch(ignoreConflict);
    }
  }
}

/** A ServiceAccount `name` in `namespace`, bound there to `clusterRole` (none: no rights), and a token for it. */
export async function userToken(kc: KubeConfig, opts: { namespace: string; name: string; clusterRole?: string; hours?: number }): Promise<string> {
  const { namespace, name } = opts;
  const core = kc.makeApiClient(CoreV1Api);
  await core.createNamespacedServiceAccount({ namespace, body: { metadata: { name } } }).catch(ignoreConflict);
  if (opts.clusterRole) {
    await kc
      .makeApiClient(RbacAuthorizationV1Api)
      .createNamespacedRoleBinding({
        namespace,
        body: {
          metadata: { name: `${name}-${opts.clusterRole}` },
          roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: opts.clusterRole },
          subjects: [{ kind: "ServiceAccount", name, namespace }],
        },
      })
      .catch(ignoreConflict);
  }
  const request = await core.createNamespacedServiceAccountToken({
    name,
    namespace,
    body: { spec: { audiences: [], expirationSeconds: (opts.hours ?? 1) * 3600 } },
  });
  const token = request.status?.token;
  if (!token) throw new Error(`no token issued for ${namespace}/${name}`);
  return token;
}
