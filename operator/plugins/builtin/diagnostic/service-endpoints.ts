/** get_service_endpoints: a Service, its EndpointSlices, and how many pods its selector matches. */
import { CoreV1Api, DiscoveryV1Api, type V1Pod } from "@kubernetes/client-node";
import { z } from "zod";
import { defineDiagnostic, type BuiltinPlugin, type PluginContext, type PluginResult } from "../../types.js";
import { nameArg, namespaceArg } from "./args.js";
import { endpointAddresses } from "./endpoint-addresses.js";
import { mapSelectorString } from "../../../../lib/kube/label-selector.js";
import { guarded } from "./outcome.js";
import { isPodReady } from "./pod-status.js";
import { abortable } from "./request-options.js";
import { trimAll, trimObject } from "./trim.js";

const args = z.object({ namespace: namespaceArg, service_name: nameArg("Service") });

/** The most slices and addresses a result carries. */
const MAX_SLICES = 20;
const MAX_ADDRESSES = 100;

function selectorLine(selector: string | undefined, pods: readonly V1Pod[] | undefined): string {
  if (!selector || !pods) return "no selector (endpoints are managed by hand)";
  return `selector ${selector} matches ${pods.length} pods (${pods.filter(isPodReady).length} ready)`;
}

async function serviceEndpoints(ctx: PluginContext, a: z.output<typeof args>): Promise<PluginResult> {
  const options = abortable(ctx.signal);
  const core = ctx.kc.makeApiClient(CoreV1Api);
  const service = await core.readNamespacedService({ name: a.service_name, namespace: a.namespace }, options);
  const selector = mapSelectorString(service.spec?.selector);
  const [slices, pods] = await Promise.all([
    ctx.kc
      .makeApiClient(DiscoveryV1Api)
      .listNamespacedEndpointSlice({ namespace: a.namespace, labelSelector: `kubernetes.io/service-name=${a.service_name}` }, options),
    selector ? core.listNamespacedPod({ namespace: a.namespace, labelSelector: selector }, options) : undefined,
  ]);
  const addresses = endpointAddresses(slices.items);
  const type = service.spec?.type ?? "ClusterIP";
  const counts = `${addresses.ready.length} ready, ${addresses.notReady.length} not-ready endpoints`;
  const summary = `service ${a.namespace}/${a.service_name} (${type}): ${counts}; ${selectorLine(selector, pods?.items)}`;
  return {
    ok: true,
    summary,
    data: {
      service: trimObject(service),
      endpointSlices: trimAll(slices.items, MAX_SLICES),
      readyAddresses: addresses.ready.slice(0, MAX_ADDRESSES),
      notReadyAddresses: addresses.notReady.slice(0, MAX_ADDRESSES),
      readyEndpoints: addresses.ready.length,
      notReadyEndpoints: addresses.notReady.length,
      selector: selector ?? null,
      matchingPods: pods ? pods.items.length : null,
      matchingReadyPods: pods ? pods.items.filter(isPodReady).length : null,
    },
  };
}

/** get_service_endpoints */
export const getServiceEndpointsPlugin: BuiltinPlugin<typeof args> = defineDiagnostic({
  name: "get_service_endpoints",
  description: "查看 Service 及其端点",
  args,
  run: (ctx, a) =>
    guarded({ kind: "service", name: a.service_name, namespace: a.namespace }, () => serviceEndpoints(ctx, a)),
});
