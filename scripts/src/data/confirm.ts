/** How a data command may be confirmed: the --yes flag, or an answer typed at a terminal. */
export interface Confirmer {
  /** --yes was given (CI, where nobody can answer). */
  yes: boolean;
  /** stdin and stdout are a terminal someone can answer at. */
  interactive: boolean;
  /** Asks one question and returns the answer line. */
  ask(question: string): Promise<string>;
}

export type Confirmation = { go: true; how: string } | { go: false; why: string };

/**
 * A run against a prod environment needs a yes: --yes, or the stack's name typed at the terminal
 * (a "y" is too easy to give by reflex). Without a terminal and without --yes it is refused, so a
 * script that forgot --yes stops instead of waiting on a prompt nobody sees. Other environments
 * start without asking.
 */
export async function confirmRun(
  command: string,
  stack: string,
  environment: string,
  confirmer: Confirmer,
): Promise<Confirmation> {
  if (environment !== "prod" && stack !== "prod")
    return { go: true, how: `${environment}: no confirmation needed` };
  if (confirmer.yes) return { go: true, how: "confirmed by --yes" };
  if (!confirmer.interactive)
    return {
      go: false,
      why: `${command} on ${stack} (prod) needs confirmation: run it at a terminal, or pass --yes (CI); nothing was started`,
    };
  const answer = (await confirmer.ask(`type the stack name (${stack}) to start this run: `)).trim();
  return answer === stack
    ? { go: true, how: "confirmed at the terminal" }
    : { go: false, why: `not confirmed (answered "${answer}"); nothing was started` };
}

/** The real confirmer: process stdin/stdout. */
export function terminalConfirmer(yes: boolean): Confirmer {
  return {
    yes,
    interactive: Boolean(process.stdin.isTTY && process.stdout.isTTY),
    async ask(question) {
      const { createInterface } = await import("node:readline/promises");
      const rl = createInterface({ input: process.stdin, output: process.stdout });
      try {
        return await rl.question(question);
      } finally {
        rl.close();
      }
    },
  };
}
