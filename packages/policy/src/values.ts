import { UNKNOWN } from "./subject";

/** Small readers for loosely-typed resource inputs. */

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Reads a nested field; a list on the way yields its first block (AWS allows one `rules` block etc.). */
export function field(value: unknown, ...path: string[]): unknown {
  let current = value;
  for (const key of path) {
    if (Array.isArray(current)) current = current[0];
    current = isRecord(current) ? current[key] : undefined;
  }
  return current;
}

/** A value was given (a preview's unknown counts: it will be set by the time it is created). */
export function isSet(value: unknown): boolean {
  if (value === undefined || value === null || value === "") return false;
  if (Array.isArray(value)) return value.length > 0;
  return true;
}

export function isUnknown(value: unknown): boolean {
  return value === UNKNOWN;
}

export function asArray(value: unknown): unknown[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value : [value];
}

export function asString(value: unknown): string | undefined {
  return typeof value === "string" ? value : undefined;
}

/** Parses a policy document given as JSON text or as an object; undefined when it is not one. */
export function parseJson(value: unknown): unknown {
  if (typeof value !== "string") return value;
  try {
    return JSON.parse(value);
  } catch {
    return undefined;
  }
}
