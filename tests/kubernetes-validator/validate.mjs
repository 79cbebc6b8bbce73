#!/usr/bin/env node
// Validates Kubernetes objects against the OpenAPI schemas shipped in kubernetes-models (and
// @kubernetes-models/argo-rollouts for argoproj.io objects).
// Input: a JSON file (or stdin when the argument is "-") holding an array of objects.
// Output: one JSON line {"results":[{"kind","name","valid","errors"}]}; exit code 1 when any object is invalid.
import { readFileSync } from "node:fs";

const modules = {
  "v1": "kubernetes-models/v1",
  "apps/v1": "kubernetes-models/apps/v1",
  "policy/v1": "kubernetes-models/policy/v1",
  "autoscaling/v2": "kubernetes-models/autoscaling/v2",
  "networking.k8s.io/v1": "kubernetes-models/networking.k8s.io/v1",
  "coordination.k8s.io/v1": "kubernetes-models/coordination.k8s.io/v1",
  "rbac.authorization.k8s.io/v1": "kubernetes-models/rbac.authorization.k8s.io/v1",
  "argoproj.io/v1alpha1": "@kubernetes-models/argo-rollouts/argoproj.io/v1alpha1",
};

const path = process.argv[2];
if (!path) {
  console.error("usage: validate.mjs <objects.json | ->");
  process.exit(2);
}

const objects = JSON.parse(readFileSync(path === "-" ? 0 : path, "utf8"));
const results = [];
for (const object of objects) {
  const name = object?.metadata?.name ?? "(no name)";
  const modulePath = modules[object?.apiVersion];
  if (!modulePath) {
    results.push({ kind: object?.kind, name, valid: false, errors: [`no schema for apiVersion '${object?.apiVersion}'`] });
    continue;
  }
  const module = await import(modulePath);
  const Model = module[object.kind];
  if (!Model) {
    results.push({ kind: object.kind, name, valid: false, errors: [`no schema for kind '${object.kind}' in ${object.apiVersion}`] });
    continue;
  }
  try {
    new Model(object).validate();
    results.push({ kind: object.kind, name, valid: true, errors: [] });
  } catch (error) {
    const details = Array.isArray(error?.errors)
      ? error.errors.map(e => `${e.instancePath || "/"} ${e.message}${e.params ? " " + JSON.stringify(e.params) : ""}`)
      : [String(error?.message ?? error)];
    results.push({ kind: object.kind, name, valid: false, errors: details });
  }
}

console.log(JSON.stringify({ results }));
process.exit(results.every(r => r.valid) ? 0 : 1);
