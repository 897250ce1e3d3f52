-- The replicated schema of the Aurora source the stack creates (dev and demos): run by the DMS-user
-- function as the master user before DMS starts, so the new cluster's database is not empty when
-- the replication's full load begins. Every statement is idempotent (it runs on each invocation).
-- An attached source brings its own tables and this file is not run there.
-- One statement per `;` at the end of a line.

CREATE TABLE IF NOT EXISTS public.customers (
  customer_id bigint PRIMARY KEY,
  email text NOT NULL,
  full_name text NOT NULL,
  country text NOT NULL,
  created_at timestamp NOT NULL DEFAULT (now() AT TIME ZONE 'UTC'),
  updated_at timestamp NOT NULL DEFAULT (now() AT TIME ZONE 'UTC')
);

CREATE TABLE IF NOT EXISTS public.orders (
  order_id bigint PRIMARY KEY,
  customer_id bigint NOT NULL REFERENCES public.customers (customer_id),
  status text NOT NULL,
  total numeric(12, 2) NOT NULL,
  created_at timestamp NOT NULL DEFAULT (now() AT TIME ZONE 'UTC'),
  updated_at timestamp NOT NULL DEFAULT (now() AT TIME ZONE 'UTC')
);
