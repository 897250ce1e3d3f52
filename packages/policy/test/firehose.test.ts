import { describe, expect, it } from "vitest";
import { firehoseEncrypted, firehoseErrorPrefix } from "../src/rules/firehose";
import { check } from "./fixtures";

const STREAM = "aws:kinesis/firehoseDeliveryStream:FirehoseDeliveryStream";
const S3 = { bucketArn: "arn:aws:s3:::raw", roleArn: "arn:aws:iam::1:role/r", errorOutputPrefix: "errors/" };
const DIRECT_PUT = {
  destination: "extended_s3",
  serverSideEncryption: { enabled: true, keyType: "CUSTOMER_MANAGED_CMK", keyArn: "k" },
  extendedS3Configuration: S3,
};

describe("Firehose rules", () => {
  it("pass an encrypted Direct PUT stream with an error prefix", () => {
    expect(check(firehoseEncrypted, STREAM, DIRECT_PUT)).toEqual([]);
    expect(check(firehoseErrorPrefix, STREAM, DIRECT_PUT)).toEqual([]);
  });

  it("firehose-encrypted fails a Direct PUT stream with neither SSE nor a destination key", () => {
    expect(check(firehoseEncrypted, STREAM, { ...DIRECT_PUT, serverSideEncryption: undefined })[0]).toMatch(
      /set serverSideEncryption/,
    );
  });

  it("firehose-encrypted accepts a Kinesis-sourced stream only with a KMS key on its S3 destination", () => {
    const kinesis = {
      destination: "extended_s3",
      kinesisSourceConfiguration: { kinesisStreamArn: "s", roleArn: "r" },
      extendedS3Configuration: S3,
    };
    expect(check(firehoseEncrypted, STREAM, kinesis)[0]).toMatch(/set kmsKeyArn on its S3 destination/);
    expect(
      check(firehoseEncrypted, STREAM, { ...kinesis, extendedS3Configuration: { ...S3, kmsKeyArn: "k" } }),
    ).toEqual([]);
  });

  it("firehose-error-prefix fails an S3 or Iceberg destination without an error prefix", () => {
    expect(
      check(firehoseErrorPrefix, STREAM, {
        ...DIRECT_PUT,
        extendedS3Configuration: { ...S3, errorOutputPrefix: undefined },
      })[0],
    ).toMatch(/set errorOutputPrefix/);
    const iceberg = {
      destination: "iceberg",
      icebergConfiguration: {
        catalogArn: "c",
        roleArn: "r",
        s3Configuration: { bucketArn: "b", roleArn: "r" },
      },
    };
    expect(check(firehoseErrorPrefix, STREAM, iceberg)).toHaveLength(1);
    const icebergWithPrefix = {
      ...iceberg,
      icebergConfiguration: { ...iceberg.icebergConfiguration, s3Configuration: S3 },
    };
    expect(check(firehoseErrorPrefix, STREAM, icebergWithPrefix)).toEqual([]);
  });
});
