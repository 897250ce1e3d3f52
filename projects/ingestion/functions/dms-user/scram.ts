import { createHash, createHmac, pbkdf2Sync, randomBytes } from "node:crypto";

/** PostgreSQL's defaults: `scram_iterations` 4096 and a 16-byte salt (src/include/common/scram-common.h). */
const ITERATIONS = 4096;
const SALT_BYTES = 16;

const hmac = (key: Buffer, text: string) => createHmac("sha256", key).update(text).digest();

/**
 * The SCRAM-SHA-256 verifier PostgreSQL stores for `password` (pg_authid.rolpassword), in its
 * format `SCRAM-SHA-256$<iterations>:<salt>$<StoredKey>:<ServerKey>` (base64), computed as
 * RFC 5802 §3 defines it with SHA-256 (RFC 7677): SaltedPassword = PBKDF2-HMAC-SHA-256(password,
 * salt, i), StoredKey = H(HMAC(SaltedPassword, "Client Key")), ServerKey = HMAC(SaltedPassword,
 * "Server Key"). `CREATE ROLE ... PASSWORD '<verifier>'` stores it as it is, so the password
 * itself never appears in SQL text (pg_stat_statements, the server log). The verifier lets a
 * server check a login; it cannot be used to log in.
 *
 * Only printable ASCII is accepted: SASLprep (RFC 4013), which PostgreSQL applies first, leaves
 * such a password unchanged, so no normalization is needed here.
 */
export function scramSha256Verifier(password: string, salt: Buffer = randomBytes(SALT_BYTES)): string {
  if (!/^[\x21-\x7e]+$/.test(password))
    throw new Error("the password must be printable ASCII without spaces (SASLprep leaves it unchanged)");
  const salted = pbkdf2Sync(Buffer.from(password, "utf8"), salt, ITERATIONS, 32, "sha256");
  const storedKey = createHash("sha256").update(hmac(salted, "Client Key")).digest();
  const serverKey = hmac(salted, "Server Key");
  return `SCRAM-SHA-256$${ITERATIONS}:${salt.toString("base64")}$${storedKey.toString("base64")}:${serverKey.toString("base64")}`;
}
