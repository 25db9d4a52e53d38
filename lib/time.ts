/** Timestamps as the apiserver writes them: RFC 3339, UTC, whole seconds. */
export const rfc3339 = (d: Date): string => d.toISOString().replace(/\.\d{3}Z$/, "Z");
