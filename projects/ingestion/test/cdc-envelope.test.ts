import { CDC_ENVELOPE_FIELDS } from "@lakehouse/contracts";
import { describe, expect, it } from "vitest";
import { envelopeLine, PoisonRecordError, tableFromArn, toEnvelope } from "../functions/cdc-handler/envelope";

const ARN = "arn:aws:dynamodb:eu-west-1:123456789012:table/orders/stream/2026-01-01T00:00:00.000";
const AT = "2026-01-02T03:04:05.000Z";

describe("CDC envelope", () => {
  it("writes exactly the fields of the contract the orders spec declares (CDC_ENVELOPE_FIELDS), for every kind of change", () => {
    const keys = { pk: { S: "o1" }, sk: { S: "ORDER" } };
    const image = { ...keys, status: { S: "NEW" } };
    for (const [eventName, images] of [
      ["INSERT", { NewImage: image }],
      ["MODIFY", { OldImage: image, NewImage: { ...image, status: { S: "PAID" } } }],
      ["REMOVE", { OldImage: image }],
    ] as const) {
      const line = envelopeLine(
        {
          eventName,
          eventSourceARN: ARN,
          dynamodb: { ApproximateCreationDateTime: 1, SequenceNumber: "7", Keys: keys, ...images },
        },
        AT,
      );
      // The raw zone holds the JSON line: its keys are what the merge job reads.
      expect(Object.keys(JSON.parse(line)).sort(), eventName).toEqual(
        Object.keys(CDC_ENVELOPE_FIELDS).sort(),
      );
    }
  });

  it("keeps DynamoDB numbers exact: precision a double would lose stays a decimal string", () => {
    const envelope = toEnvelope(
      {
        eventName: "INSERT",
        eventSourceARN: ARN,
        dynamodb: {
          ApproximateCreationDateTime: 1767225600,
          SequenceNumber: "1",
          Keys: { id: { N: "12345678901234567890" } },
          NewImage: {
            id: { N: "12345678901234567890" },
            price: { N: "19.99" },
            qty: { N: "3" },
            ratio: { N: "0.1000000000000000055511151231257827" },
            sizes: { NS: ["1", "2.5"] },
            raw: { B: "aGk=" },
            flags: { BS: [new Uint8Array([104, 105])] },
            gone: { NULL: true },
            ok: { BOOL: false },
          },
        },
      },
      AT,
    );
    expect(envelope.keys).toEqual({ id: "12345678901234567890" });
    expect(envelope.after).toEqual({
      id: "12345678901234567890",
      price: 19.99,
      qty: 3,
      ratio: "0.1000000000000000055511151231257827",
      sizes: [1, 2.5],
      raw: "aGk=",
      flags: ["aGk="],
      gone: null,
      ok: false,
    });
    expect(envelope.eventTime).toBe("2026-01-01T00:00:00.000Z");
    expect(envelope.ingestedAt).toBe(AT);
  });

  it("maps MODIFY to update with both images and REMOVE to delete without an after image", () => {
    const base = {
      eventSourceARN: ARN,
      dynamodb: { ApproximateCreationDateTime: 1, SequenceNumber: "9", Keys: { pk: { S: "a" } } },
    };
    const update = toEnvelope(
      {
        ...base,
        eventName: "MODIFY",
        dynamodb: { ...base.dynamodb, OldImage: { v: { N: "1" } }, NewImage: { v: { N: "2" } } },
      },
      AT,
    );
    expect([update.op, update.before, update.after]).toEqual(["update", { v: 1 }, { v: 2 }]);
    const remove = toEnvelope(
      { ...base, eventName: "REMOVE", dynamodb: { ...base.dynamodb, OldImage: { v: { N: "2" } } } },
      AT,
    );
    expect([remove.op, remove.before, remove.after]).toEqual(["delete", { v: 2 }, null]);
  });

  it("rejects records it cannot read as poison, with the reason", () => {
    expect(() => toEnvelope({ eventName: "INSERT", eventSourceARN: ARN }, AT)).toThrow(PoisonRecordError);
    expect(() =>
      toEnvelope({ eventName: "TTL", eventSourceARN: ARN, dynamodb: { SequenceNumber: "1", Keys: {} } }, AT),
    ).toThrow(/unknown eventName/);
    expect(() =>
      toEnvelope(
        {
          eventName: "INSERT",
          eventSourceARN: ARN,
          dynamodb: { ApproximateCreationDateTime: 1, SequenceNumber: "1", Keys: { pk: {} } },
        },
        AT,
      ),
    ).toThrow(/attribute pk has no known DynamoDB type/);
  });

  it("reads the table name from the stream ARN", () => {
    expect(tableFromArn(ARN)).toBe("orders");
    expect(tableFromArn(undefined)).toBeUndefined();
  });
});

describe("envelope line (the handler's hot path)", () => {
  it("writes exactly the JSON of toEnvelope, one line per record", () => {
    const record = {
      eventName: "MODIFY",
      eventSourceARN: ARN,
      dynamodb: {
        ApproximateCreationDateTime: 1767225600.5,
        SequenceNumber: "4200000000000000000001",
        Keys: { pk: { S: 'a"quoted\\key' } },
        OldImage: {
          pk: { S: 'a"quoted\\key' },
          n: { N: "1e3" },
          l: { L: [{ NULL: true }, { BOOL: true }, { NS: ["1", "0.30000000000000004"] }] },
        },
        NewImage: {
          pk: { S: 'a"quoted\\key' },
          m: { M: { ü: { S: "ünïcødé" } } },
          b: { B: "AAE=" },
          ss: { SS: ["x"] },
        },
      },
    };
    const line = envelopeLine(record, AT);
    expect(line.endsWith("}\n")).toBe(true);
    expect(line.indexOf("\n")).toBe(line.length - 1);
    expect(JSON.parse(line)).toEqual(toEnvelope(record, AT));
  });

  it("names the bad attribute's path in a poison record", () => {
    const record = {
      eventName: "INSERT",
      eventSourceARN: ARN,
      dynamodb: {
        ApproximateCreationDateTime: 1,
        SequenceNumber: "1",
        Keys: { pk: { S: "a" } },
        NewImage: { pk: { S: "a" }, lines: { L: [{ M: { qty: { X: "1" } } }] } },
      },
    };
    expect(() => envelopeLine(record as never, AT)).toThrow(
      "attribute lines[0].qty has no known DynamoDB type",
    );
    expect(() => toEnvelope(record as never, AT)).toThrow(
      "attribute lines[0].qty has no known DynamoDB type",
    );
  });
});
