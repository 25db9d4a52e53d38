/** Settings of the `api` role, from KUBEFIX_* environment variables. */
import { z } from "zod";

export const ApiConfig = z.object({
  /** Where the REST facade listens (host:port). */
  address: z.string().regex(/^[^:]*:\d{1,5}$/, "expected host:port").default("0.0.0.0:8000"),
  /** The SQLite index; derived data, rebuilt from the cluster when lost. */
  databasePath: z.string().min(1).default("/var/lib/kubefix/index.db"),
});
export type ApiConfig = z.infer<typeof ApiConfig>;

/** Reads KUBEFIX_API_ADDRESS and KUBEFIX_DB_PATH; throws a message naming each bad variable. */
export function apiConfigFromEnv(env: NodeJS.ProcessEnv = process.env): ApiConfig {
  const parsed = ApiConfig.safeParse({
    ...(env.KUBEFIX_API_ADDRESS ? { address: env.KUBEFIX_API_ADDRESS } : {}),
    ...(env.KUBEFIX_DB_PATH ? { databasePath: env.KUBEFIX_DB_PATH } : {}),
  });
  if (parsed.success) return parsed.data;
  throw new Error(`invalid configuration: ${parsed.error.issues.map((i) => `KUBEFIX_${i.path.join(".")}: ${i.message}`).join("; ")}`);
}
