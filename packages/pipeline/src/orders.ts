import type { OrderWrite } from "./dynamodb";

/**
 * Sample application writes to the orders table, keyed as its key schema says: orders and their
 * line items share a partition key when the table has a sort key (`ORDER`, `LINE#n`).
 */
export function orderWrites(hashKey: string, rangeKey: string | undefined, day = "2026-03-01") {
  const key = (order: string, item: string) => ({
    [hashKey]: order,
    ...(rangeKey ? { [rangeKey]: item } : {}),
  });
  const at = (hh: string) => `${day}T${hh}:00:00Z`;
  const header = (order: string, customer: string, total: string, hh: string) => ({
    put: {
      ...key(order, "ORDER"),
      customer_id: customer,
      status: "NEW",
      total_amount: Number(total),
      currency: "EUR",
      created_at: at(hh),
      updated_at: at(hh),
    },
  });
  const line = (order: string, n: number, amount: number, hh: string) =>
    rangeKey
      ? [
          {
            put: {
              ...key(order, `LINE#${n}`),
              total_amount: amount,
              currency: "EUR",
              created_at: at(hh),
              updated_at: at(hh),
            },
          },
        ]
      : [];
  const writes: OrderWrite[] = [
    header("o1", "c1", "30", "08"),
    ...line("o1", 1, 10, "08"),
    ...line("o1", 2, 20, "08"),
    header("o2", "c2", "12.5", "09"),
    header("o3", "c1", "5", "10"),
    { update: { key: key("o1", "ORDER"), set: { status: "PAID", updated_at: at("11") } } },
    ...(rangeKey ? [{ delete: key("o1", "LINE#1") }] : []),
    { update: { key: key("o2", "ORDER"), set: { status: "SHIPPED", updated_at: at("12") } } },
    { delete: key("o3", "ORDER") },
  ];
  return writes;
}
