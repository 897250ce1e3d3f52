import type { IamAccess, LfAccess, RuntimeCalls, RuntimeUse } from "../access";

/** The values of one use's parameters: a string, or for `<columns>` the column list or `all`. */
export type RuntimeBinding = Record<string, string | string[]>;

/** Per use of a runtime, the resources a layer's principal uses it on (one binding per resource). */
export type RuntimeBindings<R extends RuntimeCalls> = { [K in keyof R["uses"]]?: RuntimeBinding[] };

const PARAM = /<([a-zA-Z]+)>/g;

function fill(template: string, binding: RuntimeBinding, where: string): string {
  return template.replace(PARAM, (_, name: string) => {
    const value = binding[name];
    if (typeof value !== "string") throw new Error(`${where}: parameter <${name}> is not bound to a string`);
    return value;
  });
}

function checkBinding(runtime: string, name: string, use: RuntimeUse, binding: RuntimeBinding) {
  const where = `${runtime} use "${name}"`;
  for (const p of use.params) {
    if (!(p in binding)) throw new Error(`${where}: parameter <${p}> is not bound`);
  }
  for (const p of Object.keys(binding)) {
    if (!use.params.includes(p)) throw new Error(`${where}: takes no parameter <${p}>`);
  }
}

/**
 * What `principal` must be able to do because it runs as `spec`'s runtime: every call of every
 * start use (a runtime always starts) and of every run use the layer binds, once per binding,
 * each `why` naming the runtime, the use and the call's source. An unknown use, a missing or extra
 * parameter, or a start use with parameters left unbound fails: nothing is skipped.
 */
export function runtimeAccess<R extends RuntimeCalls>(
  spec: R,
  principal: string,
  bindings: RuntimeBindings<R>,
): { required: IamAccess[]; lakeFormation: LfAccess[] } {
  for (const name of Object.keys(bindings)) {
    if (!(name in spec.uses)) throw new Error(`${spec.runtime} has no use "${name}"`);
  }
  const required: IamAccess[] = [];
  const lakeFormation: LfAccess[] = [];
  for (const [name, use] of Object.entries(spec.uses)) {
    const bound = (bindings as Record<string, RuntimeBinding[] | undefined>)[name];
    if (use.when === "start" && bound === undefined && use.params.length > 0) {
      throw new Error(
        `${spec.runtime} use "${name}" runs on every start: bind <${use.params.join(">, <")}> for ${principal}`,
      );
    }
    for (const binding of bound ?? (use.when === "start" ? [{}] : [])) {
      checkBinding(spec.runtime, name, use, binding);
      const where = `${spec.runtime} use "${name}"`;
      for (const call of use.calls) {
        const why = `${spec.runtime} ${use.when === "start" ? "on start" : "on each run"} ${use.does} [${call.source}]`;
        for (const resource of call.resources ?? []) {
          required.push({
            principal,
            actions: [...(call.actions ?? [])],
            resource: fill(resource, binding, where),
            ...(call.context
              ? {
                  context: Object.fromEntries(
                    Object.entries(call.context).map(([k, v]) => [k, fill(v, binding, where)]),
                  ),
                }
              : {}),
            why,
          });
        }
        const lf = call.lakeFormation;
        if (lf) {
          let columns: LfAccess["columns"];
          if (lf.columns === "all") columns = "all";
          else if (lf.columns !== undefined) {
            const value = binding[lf.columns.replace(/^<|>$/g, "")];
            if (value === undefined) throw new Error(`${where}: parameter ${lf.columns} is not bound`);
            columns = value === "all" ? "all" : Array.isArray(value) ? value : [value];
          }
          lakeFormation.push({
            principal,
            permission: lf.permission,
            database: fill(lf.database, binding, where),
            ...(lf.table === undefined ? {} : { table: fill(lf.table, binding, where) }),
            ...(columns === undefined ? {} : { columns }),
            why,
          });
        }
      }
    }
  }
  return { required, lakeFormation };
}
