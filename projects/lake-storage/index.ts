// Entry point for `pulumi up` (ts-node runs it): the program lives in src/program.ts so that
// tests and the offline plan can run the very same function under mocks.
import { program } from "./src/program";

export = program;
