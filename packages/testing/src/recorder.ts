/** One resource a mocked program registered, as the offline plan and the tests see it. */
export interface RecordedResource {
  urn: string;
  type: string;
  name: string;
  id: string | null;
  /** URN of the parent, or null for the stack's direct children. */
  parent: string | null;
  custom: boolean;
  /** Resolved inputs; secrets are replaced by "[secret]" in `planInputs`, kept in `inputs`. */
  inputs: Record<string, unknown>;
  planInputs: Record<string, unknown>;
  /** Output state the mock returned (inputs plus ids and ARNs). */
  state: Record<string, unknown>;
  protect: boolean;
  retainOnDelete: boolean;
  /** URNs the resource's own `aliases` option names (what it was called before a rename or move). */
  aliases: string[];
  dependencies: string[];
}

/** One provider function a mocked program called (a data source: what a deploy reads, with the deployer's rights). */
export interface RecordedInvoke {
  token: string;
  args: Record<string, unknown>;
  /** What the mock answered, as the provider would. */
  result: Record<string, unknown>;
}

/** Collects registrations and answers the questions tests ask of them. */
export class Recorder {
  readonly resources: RecordedResource[] = [];
  readonly invokes: RecordedInvoke[] = [];

  add(r: RecordedResource): void {
    this.resources.push(r);
  }

  clear(): void {
    this.resources.length = 0;
    this.invokes.length = 0;
  }

  /** All resources of a type token, e.g. `aws:s3/bucket:Bucket`. */
  ofType(type: string): RecordedResource[] {
    return this.resources.filter((r) => r.type === type);
  }

  /** The one resource of `type` whose logical name is `name`; throws, listing what exists, if absent or ambiguous. */
  get(type: string, name: string): RecordedResource {
    const matches = this.ofType(type).filter((r) => r.name === name);
    if (matches.length !== 1) {
      const names = this.ofType(type).map((r) => r.name);
      throw new Error(
        `expected one ${type} named "${name}", found ${matches.length}; ${type} names: ${names.join(", ") || "(none)"}`,
      );
    }
    return matches[0] as RecordedResource;
  }

  /** Resources of `type` whose logical name matches. */
  find(type: string, name: string | RegExp): RecordedResource | undefined {
    return this.ofType(type).find((r) => (typeof name === "string" ? r.name === name : name.test(r.name)));
  }

  /** Children (direct) of a resource. */
  childrenOf(urn: string): RecordedResource[] {
    return this.resources.filter((r) => r.parent === urn);
  }

  byUrn(urn: string): RecordedResource | undefined {
    return this.resources.find((r) => r.urn === urn);
  }
}
