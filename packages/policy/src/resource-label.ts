import type { Subject } from "./subject";
import { isUnknown } from "./values";

/** `Bucket "raw" (lakehouse-dev-raw-123)`: how messages name a resource, by class, logical and physical name. */
export function resourceLabel(subject: Subject): string {
  const kind = subject.type.split(":").at(-1) ?? subject.type;
  const physical = physicalName(subject);
  return physical && physical !== subject.name
    ? `${kind} "${subject.name}" (${physical})`
    : `${kind} "${subject.name}"`;
}

function physicalName(subject: Subject): string | undefined {
  for (const key of ["bucket", "name", "clusterIdentifier"]) {
    const value = subject.inputs[key];
    if (typeof value === "string" && !isUnknown(value)) return value;
  }
  return undefined;
}
