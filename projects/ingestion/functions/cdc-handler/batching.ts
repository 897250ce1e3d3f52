/** Firehose PutRecordBatch limits (https://docs.aws.amazon.com/firehose/latest/APIReference/API_PutRecordBatch.html). */
export interface BatchLimits {
  /** Records per request. */
  maxRecords: number;
  /** Bytes of record data per request (before base64 encoding). */
  maxBatchBytes: number;
  /** Bytes of one record (before base64 encoding). */
  maxRecordBytes: number;
}

export const FIREHOSE_LIMITS: BatchLimits = {
  maxRecords: 500,
  maxBatchBytes: 4 * 1024 * 1024,
  maxRecordBytes: 1000 * 1024,
};

/** A record ready to send, with its position in the Lambda batch. */
export interface EncodedRecord {
  position: number;
  data: Uint8Array;
}

/**
 * Splits records, in order, into PutRecordBatch requests within the limits. Every record must
 * already fit on its own (oversized ones are poison records, filtered out before).
 */
export function chunkRecords(
  records: EncodedRecord[],
  limits: BatchLimits = FIREHOSE_LIMITS,
): EncodedRecord[][] {
  const chunks: EncodedRecord[][] = [];
  let current: EncodedRecord[] = [];
  let bytes = 0;
  for (const record of records) {
    const size = record.data.byteLength;
    if (size > limits.maxRecordBytes) {
      throw new RangeError(
        `record at position ${record.position} is ${size} bytes, over ${limits.maxRecordBytes}`,
      );
    }
    if (current.length === limits.maxRecords || bytes + size > limits.maxBatchBytes) {
      chunks.push(current);
      current = [];
      bytes = 0;
    }
    current.push(record);
    bytes += size;
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}
