import { ofType, resourceRule } from "../rule";
import { isStateful, LOG_GROUP_TYPE, STATEFUL_TYPES } from "../stateful";
import { isProduction } from "../subject";

export { STATEFUL_TYPES } from "../stateful";

/**
 * In prod, stateful resources (../stateful.ts) are protected. Pulumi passes the `protect` option to
 * policy packs as well as to the offline plan, so this rule holds in both; `retainOnDelete` is
 * visible only to the offline plan (scripts/src/guard checks it there).
 */
export const statefulProtected = resourceRule(
  "stateful-protected-in-prod",
  "mandatory",
  "In production, stateful resources (buckets, KMS keys, DynamoDB tables, Aurora clusters and instances, Glue databases and tables, secrets, Lake Formation settings, audit log groups) are protected.",
  ofType(...STATEFUL_TYPES, LOG_GROUP_TYPE),
  (resource) =>
    !isProduction(resource.stack) || resource.protect || !isStateful(resource.type, resource.urn)
      ? undefined
      : "is not protected in production: create it with the layer context's statefulOptions ({ protect: true, retainOnDelete: true }), and keep allowDataDestruction false in the prod stack config.",
);

export const protectionRules = [statefulProtected];
