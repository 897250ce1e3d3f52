#!/usr/bin/env node
// The CLI is TypeScript run through tsx, so the workspace needs no build step before use.
require("tsx/cjs");
require("../src/cli.ts");
