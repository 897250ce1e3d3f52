import * as pulumi from "@pulumi/pulumi";

/** Resolves an Output (or plain value) to its value; under mocks every value is known. */
export function outputValue<T>(value: pulumi.Input<T>): Promise<T> {
  if (!pulumi.Output.isInstance(value)) return Promise.resolve(value as T);
  return new Promise<T>((resolve) => {
    (value as pulumi.Output<T>).apply((v) => {
      resolve(v);
      return v;
    });
  });
}

/** Resolves every value of a record of outputs. */
export async function valuesOf<T extends Record<string, unknown>>(
  record: T,
): Promise<{ [K in keyof T]: pulumi.Unwrap<T[K]> }> {
  const entries = await Promise.all(
    Object.entries(record).map(async ([k, v]) => [k, await outputValue(pulumi.output(v))] as const),
  );
  return Object.fromEntries(entries) as unknown as { [K in keyof T]: pulumi.Unwrap<T[K]> };
}

/** Parses a policy document input (string JSON or object) into an object for assertions. */
export function policyOf(policy: unknown): { Version?: string; Statement: Record<string, unknown>[] } {
  if (typeof policy === "string") return JSON.parse(policy);
  return policy as { Version?: string; Statement: Record<string, unknown>[] };
}
