import { ofType, resourceRule } from "../rule";
import type { Subject } from "../subject";
import { field, isSet } from "../values";

const STREAM = ofType("aws:kinesis/firehoseDeliveryStream:FirehoseDeliveryStream");

/** The S3 block a stream writes to (the Iceberg destination's S3 block receives errors and backups). */
function s3Destination(stream: Subject): unknown {
  return (
    stream.inputs.extendedS3Configuration ?? field(stream.inputs, "icebergConfiguration", "s3Configuration")
  );
}

function isDirectPut(stream: Subject): boolean {
  return !isSet(stream.inputs.kinesisSourceConfiguration) && !isSet(stream.inputs.mskSourceConfiguration);
}

export const firehoseEncrypted = resourceRule(
  "firehose-encrypted",
  "mandatory",
  "Firehose streams encrypt data: server-side encryption for Direct PUT streams, or a KMS key on the S3 destination.",
  STREAM,
  (stream) => {
    const sse = field(stream.inputs, "serverSideEncryption", "enabled") === true;
    const destinationKms = isSet(field(s3Destination(stream), "kmsKeyArn"));
    if ((isDirectPut(stream) && sse) || destinationKms) return undefined;
    return isDirectPut(stream)
      ? 'is not encrypted: set serverSideEncryption: { enabled: true, keyType: "CUSTOMER_MANAGED_CMK", keyArn: <platform key ARN> } (or a kmsKeyArn on its S3 destination).'
      : "is not encrypted: set kmsKeyArn on its S3 destination configuration.";
  },
);

export const firehoseErrorPrefix = resourceRule(
  "firehose-error-prefix",
  "mandatory",
  "Firehose streams write failed records under their own error prefix.",
  STREAM,
  (stream) => {
    const destination = s3Destination(stream);
    if (destination === undefined || isSet(field(destination, "errorOutputPrefix"))) return undefined;
    return 'mixes failed records with data: set errorOutputPrefix on its S3 destination, e.g. "errors/!{firehose:error-output-type}/!{timestamp:yyyy/MM/dd}/".';
  },
);

export const firehoseRules = [firehoseEncrypted, firehoseErrorPrefix];
