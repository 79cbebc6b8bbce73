#!/usr/bin/env node
// Prints GitLab's own CI JSON schema (draft-07) as gitlab-ci-local ships it, so validators in other languages can use it.
// Usage: node gitlab-schema.mjs > gitlab-ci.schema.json
import { schema } from "./node_modules/gitlab-ci-local/src/schema/schema.js";

process.stdout.write(JSON.stringify(schema));
