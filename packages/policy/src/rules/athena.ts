import { ofType, resourceRule } from "../rule";
import { field, isSet } from "../values";

const WORKGROUP = ofType("aws:athena/workgroup:Workgroup");

export const athenaEnforceConfiguration = resourceRule(
  "athena-enforce-configuration",
  "mandatory",
  "Athena workgroups enforce their settings over client-side ones.",
  WORKGROUP,
  (workgroup) =>
    // AWS defaults enforceWorkgroupConfiguration to true; only an explicit false lets clients override.
    isSet(workgroup.inputs.configuration) &&
    field(workgroup.inputs, "configuration", "enforceWorkgroupConfiguration") !== false
      ? undefined
      : "lets clients override its result location and encryption: set configuration.enforceWorkgroupConfiguration: true.",
);

export const athenaEncryptedResults = resourceRule(
  "athena-encrypted-results",
  "mandatory",
  "Athena workgroups encrypt query results.",
  WORKGROUP,
  (workgroup) => {
    const configuration = field(workgroup.inputs, "configuration");
    const s3Results = field(
      configuration,
      "resultConfiguration",
      "encryptionConfiguration",
      "encryptionOption",
    );
    const managedResults = field(configuration, "managedQueryResultsConfiguration");
    if (
      isSet(s3Results) ||
      (field(managedResults, "enabled") === true &&
        isSet(field(managedResults, "encryptionConfiguration", "kmsKey")))
    ) {
      return undefined;
    }
    return 'writes unencrypted query results: set configuration.resultConfiguration.encryptionConfiguration = { encryptionOption: "SSE_KMS", kmsKeyArn: <platform key ARN> }.';
  },
);

export const athenaBytesScannedCutoff = resourceRule(
  "athena-bytes-scanned-cutoff",
  "mandatory",
  "Athena workgroups cap the bytes a single query may scan.",
  WORKGROUP,
  (workgroup) =>
    typeof field(workgroup.inputs, "configuration", "bytesScannedCutoffPerQuery") === "number"
      ? undefined
      : "lets one query scan (and bill) the whole lake: set configuration.bytesScannedCutoffPerQuery (at least 10485760 bytes).",
);

export const athenaResultsKms = resourceRule(
  "athena-results-kms",
  "advisory",
  "Athena query results are encrypted with KMS rather than S3-managed keys.",
  WORKGROUP,
  (workgroup) =>
    field(
      workgroup.inputs,
      "configuration",
      "resultConfiguration",
      "encryptionConfiguration",
      "encryptionOption",
    ) === "SSE_S3"
      ? 'encrypts results with SSE_S3: use "SSE_KMS" with the platform key so the key policy governs who reads results.'
      : undefined,
);

export const athenaRules = [
  athenaEnforceConfiguration,
  athenaEncryptedResults,
  athenaBytesScannedCutoff,
  athenaResultsKms,
];
