// Validates rendered Kubernetes manifests offline against the schemas of npm's kubernetes-models
// (core API), @kubernetes-models/keda and @kubernetes-models/prometheus-operator (their CRDs).
// Checks types, required fields and formats; it does not reject unknown fields.
//
// Usage: node validate-k8s.mjs <name> < rendered.yaml   (run with NODE_PATH's packages installed)
import { createRequire } from "node:module";
import { readFileSync } from "node:fs";
import path from "node:path";

const modules = process.env.FERRY_K8S_MODULES;
const require = createRequire(path.join(modules, "noop.js"));
const yaml = require("js-yaml");

/** The npm module of each API group's models; a kind missing from it fails the check. */
function modelPath(apiVersion, kind) {
  const [group, version] = apiVersion.includes("/") ? apiVersion.split("/") : ["", apiVersion];
  if (group === "keda.sh") return `@kubernetes-models/keda/keda.sh/${version}/${kind}`;
  if (group === "monitoring.coreos.com") return `@kubernetes-models/prometheus-operator/monitoring.coreos.com/${version}/${kind}`;
  return group === "" ? `kubernetes-models/${version}/${kind}` : `kubernetes-models/${group}/${version}/${kind}`;
}

const name = process.argv[2] ?? "stdin";
const documents = yaml.loadAll(readFileSync(0, "utf8")).filter((d) => d);
let problems = 0;
const kinds = {};
for (const doc of documents) {
  const id = `${doc.kind}/${doc.metadata?.name}`;
  kinds[doc.kind] = (kinds[doc.kind] ?? 0) + 1;
  let Model;
  try {
    const loaded = await import(path.join(modules, modelPath(doc.apiVersion, doc.kind)) + ".js");
    Model = loaded[doc.kind];
  } catch (e) {
    console.log(`check-ops: k8s ${name}: ${id}: no schema for ${doc.apiVersion} ${doc.kind}`);
    problems++;
    continue;
  }
  try {
    new Model(doc).validate();
  } catch (e) {
    console.log(`check-ops: k8s ${name}: ${id}: ${e.message.replace(/\s+/g, " ")}`);
    problems++;
  }
  if (!doc.metadata?.namespace && !["Namespace", "ClusterRole", "ClusterRoleBinding"].includes(doc.kind)) {
    if (name !== "base") {
      console.log(`check-ops: k8s ${name}: ${id}: has no namespace`);
      problems++;
    }
  }
}

// References that a typo or a generator's hash suffix would break at apply time.
const named = (kind) => new Set(documents.filter((d) => d.kind === kind).map((d) => d.metadata.name));
const configMaps = named("ConfigMap");
const secrets = named("Secret");
for (const doc of documents.filter((d) => d.kind === "Deployment")) {
  const id = `Deployment/${doc.metadata.name}`;
  const pod = doc.spec.template.spec;
  const refs = JSON.stringify(pod);
  for (const [, kind, ref] of refs.matchAll(/"(configMapKeyRef|configMapRef|configMap|secretKeyRef|secretRef|secret)":\{[^}]*?"(?:name|secretName)":"([^"]+)"/g)) {
    const isConfigMap = kind.startsWith("configMap");
    // Overlays that generate no Secret reference Secrets created outside (prod).
    if (isConfigMap ? !configMaps.has(ref) : secrets.size > 0 && !secrets.has(ref)) {
      console.log(`check-ops: k8s ${name}: ${id}: refers to ${isConfigMap ? "ConfigMap" : "Secret"} ${ref}, which is not rendered`);
      problems++;
    }
  }
  // A runner must be given time to drain: the grace period exceeds drain timeout + dbt's stop grace.
  const env = Object.fromEntries((pod.containers[0].env ?? []).filter((e) => "value" in e).map((e) => [e.name, e.value]));
  if ("FERRY_RUNNER_DRAIN_TIMEOUT" in env) {
    const seconds = (v) => { const m = /^(\d+)(ms|s|m|h)?$/.exec(v ?? "30s"); return m ? Number(m[1]) * { ms: 0.001, s: 1, m: 60, h: 3600 }[m[2] ?? "ms"] : NaN; };
    const needed = seconds(env.FERRY_RUNNER_DRAIN_TIMEOUT) + seconds(env.FERRY_RUNNER_STOP_GRACE_PERIOD ?? "30s");
    const grace = pod.terminationGracePeriodSeconds ?? 30;
    if (!(grace > needed)) {
      console.log(`check-ops: k8s ${name}: ${id}: terminationGracePeriodSeconds ${grace} is not above drain timeout + stop grace period (${needed} s)`);
      problems++;
    }
  }
}

const summary = Object.entries(kinds).map(([k, n]) => `${n} ${k}`).join(", ");
console.log(`check-ops: k8s ${name}: ${documents.length} objects validated (${summary}), ${problems} problems`);
process.exit(problems ? 1 : 0);
