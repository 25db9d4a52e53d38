import { z } from "zod";
import { conditionList, freeForm, RiskLevel, SecretKeyRef, timestamp } from "./common.js";
import { defineKind } from "./kind.js";

export const PluginCategory = z.enum(["diagnostic", "remediation"]);
export type PluginCategory = z.infer<typeof PluginCategory>;

/** Where a plugin's code runs: inside the operator, or behind an HTTP webhook. */
export const PluginImplementation = z
  .object({
    type: z.enum(["builtin", "webhook"]),
    builtin: z.string().min(1).max(128).optional(),
    webhook: z
      .object({
        url: z.url({ protocol: /^https?$/ }).max(2048),
        secretRef: SecretKeyRef.optional(),
      })
      .optional(),
  })
  .meta({
    "x-kubernetes-validations": [
      { rule: "self.type != 'builtin' || has(self.builtin)", message: "a builtin plugin names its builtin" },
      { rule: "self.type != 'webhook' || has(self.webhook)", message: "a webhook plugin needs webhook.url" },
    ],
  });

export const PluginSpec = z.object({
  description: z.string().min(1).max(2048),
  category: PluginCategory,
  parameters: freeForm().describe("JSON schema of the plugin's arguments"),
  riskLevel: RiskLevel.default("low"),
  requiresApproval: z.boolean().default(false),
  timeoutSeconds: z.number().int().min(1).max(3600).default(30),
  enabled: z.boolean().default(true),
  implementation: PluginImplementation,
});

export const PluginStatus = z.object({
  observedGeneration: z.number().int().min(0).optional(),
  usageCount: z.number().int().min(0).optional(),
  successCount: z.number().int().min(0).optional(),
  failureCount: z.number().int().min(0).optional(),
  avgDurationSeconds: z.number().min(0).optional(),
  successRate: z.number().min(0).max(1).optional(),
  lastUsedAt: timestamp().optional(),
  lastError: z.string().max(4096).optional(),
  conditions: conditionList().optional(),
});

export const pluginKind = defineKind({
  kind: "Plugin",
  plural: "plugins",
  shortNames: ["kfplugin"],
  spec: PluginSpec,
  status: PluginStatus,
  printerColumns: [
    { name: "Category", type: "string", jsonPath: ".spec.category" },
    { name: "Risk", type: "string", jsonPath: ".spec.riskLevel" },
    { name: "Enabled", type: "boolean", jsonPath: ".spec.enabled" },
    { name: "Uses", type: "integer", jsonPath: ".status.usageCount" },
    { name: "Success rate", type: "number", jsonPath: ".status.successRate" },
  ],
});

export type PluginSpec = z.infer<typeof PluginSpec>;
export type PluginStatus = z.infer<typeof PluginStatus>;
