import type { V1PodSpec } from "@kubernetes/client-node";
import { describe, expect, it } from "vitest";
import { configRefsOf, missingRefs, type ConfigRef } from "./config-refs.js";

const spec: V1PodSpec = {
  initContainers: [{ name: "init", envFrom: [{ configMapRef: { name: "init-env" } }] }],
  containers: [
    {
      name: "app",
      env: [
        { name: "PLAIN", value: "x" },
        { name: "DB_URL", valueFrom: { configMapKeyRef: { name: "app-config", key: "db_url" } } },
        { name: "DB_PASSWORD", valueFrom: { secretKeyRef: { name: "db", key: "password" } } },
        { name: "FEATURE", valueFrom: { configMapKeyRef: { name: "flags", key: "f", optional: true } } },
      ],
      envFrom: [{ secretRef: { name: "app-secrets" } }],
    },
  ],
  volumes: [
    { name: "config", configMap: { name: "app-config", items: [{ key: "app.yaml", path: "app.yaml" }] } },
    { name: "tls", secret: { secretName: "tls" } },
    { name: "bundle", projected: { sources: [{ configMap: { name: "ca" } }, { secret: { name: "token", optional: true } }] } },
    { name: "scratch", emptyDir: {} },
  ],
  imagePullSecrets: [{ name: "registry" }],
};

describe("configRefsOf", () => {
  it("finds env, envFrom, volume, projected and pull-secret references", () => {
    const refs = configRefsOf(spec).map((r) => `${r.kind}/${r.name}${r.key ? `:${r.key}` : ""}${r.optional ? "?" : ""} ${r.usedBy}`);
    expect(refs).toEqual([
      "ConfigMap/init-env container init envFrom",
      "ConfigMap/app-config:db_url container app env DB_URL",
      "Secret/db:password container app env DB_PASSWORD",
      "ConfigMap/flags:f? container app env FEATURE",
      "Secret/app-secrets container app envFrom",
      "ConfigMap/app-config:app.yaml volume config",
      "Secret/tls volume tls",
      "ConfigMap/ca volume bundle",
      "Secret/token? volume bundle",
      "Secret/registry imagePullSecrets",
    ]);
  });

  it("has nothing for a spec without references", () => {
    expect(configRefsOf({ containers: [{ name: "a" }] })).toEqual([]);
    expect(configRefsOf(undefined)).toEqual([]);
  });
});

describe("missingRefs", () => {
  const refs = configRefsOf(spec);
  const keys = (...k: string[]): Set<string> => new Set(k);

  it.each<[string, Map<string, Set<string>>, Set<string>, ReturnType<typeof missingRefs>]>([
    [
      "everything present",
      new Map([
        ["ConfigMap/init-env", keys()],
        ["ConfigMap/app-config", keys("db_url", "app.yaml")],
        ["Secret/db", keys("password")],
        ["Secret/app-secrets", keys()],
        ["Secret/tls", keys()],
        ["ConfigMap/ca", keys()],
        ["Secret/registry", keys()],
      ]),
      new Set(),
      [],
    ],
    [
      "a missing object is listed once with all its users; a missing key with its key",
      new Map([
        ["ConfigMap/init-env", keys()],
        ["Secret/db", keys("user")],
        ["Secret/app-secrets", keys()],
        ["Secret/tls", keys()],
        ["ConfigMap/ca", keys()],
        ["Secret/registry", keys()],
      ]),
      new Set(),
      [
        { kind: "ConfigMap", name: "app-config", usedBy: "container app env DB_URL, volume config" },
        { kind: "Secret", name: "db", key: "password", usedBy: "container app env DB_PASSWORD" },
      ],
    ],
    [
      "optional and unreadable references are not missing",
      new Map([
        ["ConfigMap/init-env", keys()],
        ["ConfigMap/app-config", keys("db_url", "app.yaml")],
        ["Secret/app-secrets", keys()],
        ["ConfigMap/ca", keys()],
      ]),
      new Set(["Secret/db", "Secret/tls", "Secret/registry"]),
      [],
    ],
  ])("%s", (_name, existing, unreadable, expected) => {
    expect(missingRefs(refs, existing, unreadable)).toEqual(expected);
  });

  it("reports a required reference even when another use of it is optional", () => {
    const mixed: ConfigRef[] = [
      { kind: "ConfigMap", name: "c", optional: true, usedBy: "volume a" },
      { kind: "ConfigMap", name: "c", optional: false, usedBy: "volume b" },
    ];
    expect(missingRefs(mixed, new Map(), new Set())).toEqual([{ kind: "ConfigMap", name: "c", usedBy: "volume b" }]);
  });
});
