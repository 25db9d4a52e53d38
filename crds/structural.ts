/**
 * Rewrites the JSON Schema that zod emits into a Kubernetes structural schema.
 * The apiserver rejects `additionalProperties` beside `properties`
 * (kubernetes#94593), `$ref`, and nodes without a type; zod emits all three.
 */

export type SchemaNode = Record<string, unknown>;

const SAFE_INT = 9007199254740991;
const PRESERVE = "x-kubernetes-preserve-unknown-fields";
const DROPPED_KEYS = ["$schema", "$id", "id"];

/** Returns a structural copy of `node`, or throws naming the path it cannot express. */
export function toStructural(node: SchemaNode, path = "<root>"): SchemaNode {
  rejectUnsupported(node, path);
  const out: SchemaNode = {};
  for (const [key, value] of Object.entries(node)) {
    if (!DROPPED_KEYS.includes(key)) out[key] = value;
  }
  if (out.const !== undefined) {
    out.enum = [out.const];
    delete out.const;
  }
  dropUnsafeIntBounds(out);
  if (out.format === "date-time") delete out.pattern;
  rewriteChildren(out, path);
  if (out.type === undefined && out[PRESERVE] !== true) {
    throw new Error(`${path}: every node of a structural schema needs a type`);
  }
  return out;
}

function rejectUnsupported(node: SchemaNode, path: string): void {
  for (const key of ["$ref", "$defs", "definitions", "oneOf", "anyOf", "allOf", "not"]) {
    if (key in node) throw new Error(`${path}: '${key}' cannot be expressed in a structural schema`);
  }
}

function dropUnsafeIntBounds(out: SchemaNode): void {
  if (out.minimum === -SAFE_INT) delete out.minimum;
  if (out.maximum === SAFE_INT) delete out.maximum;
}

function rewriteChildren(out: SchemaNode, path: string): void {
  const props = out.properties as Record<string, SchemaNode> | undefined;
  if (props) {
    out.properties = Object.fromEntries(
      Object.entries(props).map(([name, child]) => [name, toStructural(child, `${path}.${name}`)]),
    );
  }
  if (out.items !== undefined) out.items = toStructural(out.items as SchemaNode, `${path}[]`);
  rewriteAdditionalProperties(out, path);
}

function rewriteAdditionalProperties(out: SchemaNode, path: string): void {
  const extra = out.additionalProperties;
  if (extra === undefined) return;
  const isEmptySchema = typeof extra === "object" && extra !== null && Object.keys(extra).length === 0;
  if (extra === false || out[PRESERVE] === true || isEmptySchema) {
    // Unknown fields are pruned by default; free-form maps keep theirs through PRESERVE.
    delete out.additionalProperties;
    if (isEmptySchema) out[PRESERVE] = true;
    return;
  }
  if (out.properties) throw new Error(`${path}: additionalProperties beside properties`);
  out.additionalProperties = toStructural(extra as SchemaNode, `${path}{}`);
}
