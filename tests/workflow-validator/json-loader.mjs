// Loads .json modules as ES modules exporting the parsed object. @actions/workflow-parser imports its
// schema with `import Schema from "./workflow-v1.0.min.json"` (no import attribute), which Node 20 rejects.
import { readFile } from "node:fs/promises";

export async function load(url, context, nextLoad) {
  if (url.startsWith("file:") && url.endsWith(".json")) {
    const text = await readFile(new URL(url), "utf8");
    return { format: "module", source: `export default ${text};`, shortCircuit: true };
  }
  return nextLoad(url, context);
}
