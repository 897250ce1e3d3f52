import { UsageError } from "./args";
import { main, oneLine } from "./main";

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    const line = oneLine(err);
    if (line === undefined) console.error(err);
    else console.error(`lakehouse: ${line}`);
    process.exit(err instanceof UsageError ? 2 : 1);
  },
);
