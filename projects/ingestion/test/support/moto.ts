import { type ChildProcess, spawn } from "node:child_process";
import { freePort } from "./free-port";

/** A moto_server child process on 127.0.0.1, for the data-plane tests. */
export interface Moto {
  endpoint: string;
  port: number;
  pid: number;
  /** Forgets every resource (POST /moto-api/reset): call between suites. */
  reset(): Promise<void>;
  stop(): Promise<void>;
}

export const MOTO_REGION = "eu-west-1";
export const MOTO_CREDENTIALS = { accessKeyId: "testing", secretAccessKey: "testing" };

async function waitUntilUp(endpoint: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let exited: number | null = null;
  child.once("exit", (code) => {
    exited = code ?? -1;
  });
  while (Date.now() < deadline) {
    if (exited !== null) throw new Error(`moto_server exited with code ${exited} before answering`);
    try {
      const response = await fetch(`${endpoint}/moto-api/data.json`);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`moto_server did not answer on ${endpoint} within ${timeoutMs} ms`);
}

/** Starts moto_server on a free port and waits until it answers. */
export async function startMoto(timeoutMs = 20_000): Promise<Moto> {
  const port = await freePort();
  const child = spawn("moto_server", ["-H", "127.0.0.1", "-p", String(port)], {
    stdio: ["ignore", "ignore", "pipe"],
  });
  let stderr = "";
  child.stderr?.on("data", (chunk) => {
    stderr = (stderr + String(chunk)).slice(-4000);
  });
  const pid = child.pid;
  if (pid === undefined)
    throw new Error("could not start moto_server (is it installed? pip install 'moto[server]')");
  const endpoint = `http://127.0.0.1:${port}`;
  // If the test process ends without reaching teardown, do not leave moto running.
  const killOnExit = () => {
    if (child.exitCode === null && child.signalCode === null) process.kill(pid, "SIGTERM");
  };
  process.once("exit", killOnExit);
  try {
    await waitUntilUp(endpoint, child, timeoutMs);
  } catch (error) {
    process.kill(pid, "SIGTERM");
    throw new Error(`${(error as Error).message}\n${stderr}`);
  }
  return {
    endpoint,
    port,
    pid,
    async reset() {
      const response = await fetch(`${endpoint}/moto-api/reset`, { method: "POST" });
      if (!response.ok) throw new Error(`moto reset failed: ${response.status}`);
    },
    stop() {
      process.off("exit", killOnExit);
      return new Promise((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once("exit", () => resolve());
        process.kill(pid, "SIGTERM");
      });
    },
  };
}
