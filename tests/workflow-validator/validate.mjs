#!/usr/bin/env node
// Validates GitHub Actions workflow files with GitHub's own parser (@actions/workflow-parser):
// the schema check of parseWorkflow and the model checks of convertWorkflowTemplate (e.g. `needs:` naming a missing job).
// Usage: node validate.mjs <workflow.yml>... — prints every error as "<file>: <message>" and exits 1 on any.
import { readFile } from "node:fs/promises";
import { register } from "node:module";

register("./json-loader.mjs", import.meta.url);
const { parseWorkflow, convertWorkflowTemplate, NoOperationTraceWriter } = await import("@actions/workflow-parser");

const files = process.argv.slice(2);
if (files.length === 0) {
  console.error("Usage: node validate.mjs <workflow.yml>... (name at least one workflow file to validate)");
  process.exit(2);
}

async function validate(path) {
  let content;
  try {
    content = await readFile(path, "utf8");
  } catch (error) {
    return [`cannot be read (${error.message}). Pass the path of an existing workflow file.`];
  }

  const parsed = parseWorkflow({ name: path, content }, new NoOperationTraceWriter());
  const messages = parsed.context.errors.getErrors().map(e => e.message);
  if (parsed.value) {
    const template = await convertWorkflowTemplate(parsed.context, parsed.value);
    for (const error of template.errors ?? []) {
      messages.push(error.Message);
    }
  } else if (messages.length === 0) {
    messages.push("is empty or not a YAML mapping. A workflow needs at least 'on:' and 'jobs:'.");
  }
  return [...new Set(messages)];
}

let failed = 0;
for (const file of files) {
  const errors = await validate(file);
  if (errors.length === 0) {
    console.log(`${file}: valid`);
    continue;
  }
  failed++;
  for (const error of errors) {
    console.error(error.startsWith(file) ? error : `${file}: ${error}`);
  }
}

console.log(`${files.length - failed} valid, ${failed} invalid`);
process.exit(failed === 0 ? 0 : 1);
