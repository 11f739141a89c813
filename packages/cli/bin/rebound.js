#!/usr/bin/env node
/** The `rebound` command's entry point: hands over to the TypeScript CLI (Node >= 22.18 strips types). */
import '../src/main.ts';
