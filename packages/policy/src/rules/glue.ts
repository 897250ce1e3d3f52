import { ofType, resourceRule } from "../rule";
import { isSet } from "../values";

export const glueSecurityConfiguration = resourceRule(
  "glue-security-configuration",
  "mandatory",
  "Glue jobs and crawlers run with a security configuration (encrypted S3 output, logs and bookmarks).",
  ofType("aws:glue/job:Job", "aws:glue/crawler:Crawler"),
  (resource) =>
    isSet(resource.inputs.securityConfiguration)
      ? undefined
      : "runs without a security configuration: set securityConfiguration to the name of an aws.glue.SecurityConfiguration with SSE-KMS for S3 and CloudWatch and CSE-KMS for job bookmarks.",
);

export const glueJobTimeout = resourceRule(
  "glue-job-timeout",
  "advisory",
  "Glue jobs set a timeout shorter than the 48-hour default, so a stuck run stops costing money.",
  ofType("aws:glue/job:Job"),
  (job) => {
    const timeout = job.inputs.timeout;
    return typeof timeout === "number" && timeout < 2880
      ? undefined
      : "may run (and bill) for 48 hours: set timeout (minutes) to a few times its normal run time.";
  },
);

export const glueRules = [glueSecurityConfiguration, glueJobTimeout];
