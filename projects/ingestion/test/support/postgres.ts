import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { freePort } from "./free-port";

/**
 * A real PostgreSQL server (Debian's `postgresql` package, installed by .ci/run and the README's
 * set-up) in a temporary directory: TCP on 127.0.0.1 with SCRAM-SHA-256 password logins, a
 * socket in the directory with trust for the bootstrap superuser. Started as a non-root user
 * (PostgreSQL refuses root) and stopped by PID.
 */
export interface Postgres {
  port: number;
  pid: number;
  /** The directory of the server's Unix socket (host for the trusted local connections). */
  socketDir: string;
  /** Everything the server logged so far (log_statement = all). */
  log(): string;
  /** A connection over the socket as `user` (trust: for setting up and inspecting). */
  local(user: string, database?: string): Promise<pg.Client>;
  /** A password login over TCP (scram-sha-256), as a client such as DMS connects. */
  login(user: string, password: string, database?: string): Promise<pg.Client>;
  stop(): Promise<void>;
}

export const BOOTSTRAP_USER = "bootstrap";

/** The newest installed server's bin directory (Debian: /usr/lib/postgresql/<major>/bin). */
function binDir(): string {
  const root = "/usr/lib/postgresql";
  const majors = existsSync(root)
    ? readdirSync(root)
        .filter((v) => existsSync(join(root, v, "bin", "postgres")))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  if (majors[0] === undefined)
    throw new Error(
      "PostgreSQL is not installed (/usr/lib/postgresql/<major>/bin/postgres): apt-get install postgresql",
    );
  return join(root, majors[0], "bin");
}

/** As root, the server runs as Debian's `postgres` system user (created by the package). */
function runAs(): { uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const id = (flag: string) => Number(execFileSync("id", [flag, "postgres"], { encoding: "utf8" }).trim());
  return { uid: id("-u"), gid: id("-g") };
}

export async function startPostgres(timeoutMs = 30_000): Promise<Postgres> {
  const bin = binDir();
  const user = runAs();
  const dir = mkdtempSync(join(tmpdir(), "lakehouse-pg-"));
  if (user) chownSync(dir, user.uid, user.gid);
  const data = join(dir, "data");
  execFileSync(
    join(bin, "initdb"),
    [
      "-D",
      data,
      "-U",
      BOOTSTRAP_USER,
      "-E",
      "UTF8",
      "--no-sync",
      "--auth-local=trust",
      "--auth-host=scram-sha-256",
    ],
    { stdio: "pipe", ...user },
  );
  const port = await freePort();
  const child: ChildProcess = spawn(
    join(bin, "postgres"),
    [
      "-D",
      data,
      "-k",
      dir,
      "-h",
      "127.0.0.1",
      "-p",
      String(port),
      "-c",
      "fsync=off",
      "-c",
      "log_statement=all",
      "-c",
      "password_encryption=scram-sha-256",
    ],
    { stdio: ["ignore", "ignore", "pipe"], ...user },
  );
  let log = "";
  child.stderr?.on("data", (chunk) => {
    log += String(chunk);
  });
  const pid = child.pid;
  if (pid === undefined) throw new Error(`could not start ${join(bin, "postgres")}`);
  const killOnExit = () => {
    if (child.exitCode === null && child.signalCode === null) process.kill(pid, "SIGTERM");
  };
  process.once("exit", killOnExit);

  // Every client is ended before the server stops (a fast shutdown would kill it mid-session).
  const open = new Set<pg.Client>();
  const connect = async (config: pg.ClientConfig) => {
    const client = new pg.Client(config);
    client.on("error", () => undefined);
    client.on("end", () => open.delete(client));
    await client.connect();
    open.add(client);
    return client;
  };
  const local = (name: string, database = "postgres") => connect({ host: dir, port, user: name, database });
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`postgres exited with ${child.exitCode}:\n${log}`);
    try {
      await (await local(BOOTSTRAP_USER)).end();
      break;
    } catch (error) {
      if (Date.now() > deadline) {
        process.kill(pid, "SIGTERM");
        throw new Error(`postgres did not accept connections within ${timeoutMs} ms: ${error}\n${log}`);
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  return {
    port,
    pid,
    socketDir: dir,
    log: () => log,
    local,
    login: (name, password, database = "postgres") =>
      connect({ host: "127.0.0.1", port, user: name, password, database }),
    async stop() {
      process.off("exit", killOnExit);
      await Promise.all([...open].map((c) => c.end().catch(() => undefined)));
      return new Promise<void>((resolve) => {
        const done = () => {
          rmSync(dir, { recursive: true, force: true });
          resolve();
        };
        if (child.exitCode !== null || child.signalCode !== null) return done();
        child.once("exit", done);
        // SIGINT: PostgreSQL's fast shutdown (disconnects clients, no wait).
        process.kill(pid, "SIGINT");
      });
    },
  };
}
