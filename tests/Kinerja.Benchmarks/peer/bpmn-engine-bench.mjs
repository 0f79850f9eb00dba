// The four-step process (start → 4 user tasks in a row → end) on the npm `bpmn-engine`, in memory,
// measured the way Kinerja.Benchmarks measures our engine: C concurrent clients each take the next
// instance number, start it and signal its four user tasks in turn; 5 commands per instance, each timed
// from issuing the start/signal until the engine reaches the next wait state (`wait` of the next user
// task) or completes (`end`). Warm-up instances first. Nothing is persisted (durable: false).
//
// usage: node bpmn-engine-bench.mjs [--instances N] [--clients N] [--warmup N] [--parse-each]
//
// Exit code 0 on success, 1 when the run failed, 2 on a bad argument. The last line of stdout is one
// JSON object.

import { EventEmitter } from 'node:events';
import { readFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';

import { Engine } from 'bpmn-engine';

// The package's "exports" hide package.json; read it next to the resolved entry point (src/index.js).
const ENGINE_VERSION = JSON.parse(readFileSync(fileURLToPath(new URL('../package.json', import.meta.resolve('bpmn-engine'))), 'utf8')).version;

// The same BPMN as tests/Fixtures/FourStepsProcess.cs (FourStepsProcess.Xml).
const XML = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
                  xmlns:camunda="http://camunda.org/schema/1.0/bpmn"
                  xmlns:kinerja="https://kinerja-workflows.org/schema/bpmn/1.0" id="d" targetNamespace="t">
  <bpmn:process id="four" isExecutable="true">
    <bpmn:startEvent id="start" />
    <bpmn:userTask id="t1" camunda:candidateGroups="kabag" kinerja:timeStandard="PT5M" />
    <bpmn:userTask id="t2" camunda:candidateGroups="kasubbag" kinerja:timeStandard="PT60M" />
    <bpmn:userTask id="t3" camunda:candidateGroups="pengelola" kinerja:timeStandard="P5D" />
    <bpmn:userTask id="t4" camunda:candidateGroups="pengelola" kinerja:timeStandard="P1D" />
    <bpmn:endEvent id="end" />
    <bpmn:sequenceFlow id="f0" sourceRef="start" targetRef="t1" />
    <bpmn:sequenceFlow id="f1" sourceRef="t1" targetRef="t2" />
    <bpmn:sequenceFlow id="f2" sourceRef="t2" targetRef="t3" />
    <bpmn:sequenceFlow id="f3" sourceRef="t3" targetRef="t4" />
    <bpmn:sequenceFlow id="f4" sourceRef="t4" targetRef="end" />
  </bpmn:process>
</bpmn:definitions>`;

const TASKS = ['t1', 't2', 't3', 't4'];
const USAGE = 'usage: node bpmn-engine-bench.mjs [--instances N] [--clients N] [--warmup N] [--parse-each]';

function parseArgs(argv) {
  const options = { instances: 2000, clients: 8, warmup: 2000, parseEach: false, help: false };
  const count = (name, text, min, max) => {
    if (!/^\d+$/.test(text ?? '') || Number(text) < min || Number(text) > max) {
      throw new Error(`${name} must be a whole number from ${min} to ${max}, not '${text ?? ''}'.`);
    }
    return Number(text);
  };
  for (let i = 0; i < argv.length; i++) {
    const name = argv[i];
    switch (name) {
      case '-h':
      case '--help':
        options.help = true;
        break;
      case '--instances':
        options.instances = count(name, argv[++i], 1, 10_000_000);
        break;
      case '--clients':
        options.clients = count(name, argv[++i], 1, 1024);
        break;
      case '--warmup':
        options.warmup = count(name, argv[++i], 0, 10_000_000);
        break;
      case '--parse-each':
        options.parseEach = true;
        break;
      default:
        throw new Error(`unknown argument '${name}'.`);
    }
  }
  return options;
}

/** Parses and serializes the BPMN once, as a deployment would; each instance's engine reuses it. */
async function deploy() {
  const engine = new Engine({ name: 'deploy', source: XML });
  const [definition] = await engine.getDefinitions();
  return definition.context.definitionContext;
}

function newEngine(n, prefix, sourceContext) {
  const name = `${prefix}-${n}`;
  return sourceContext ? new Engine({ name, sourceContext }) : new Engine({ name, source: XML });
}

/**
 * One instance: start, then signal t1..t4. Each command is timed until the next user task's `wait`
 * (or the engine's `end` after t4). The engine may reach the wait state synchronously inside the call,
 * so the promise for the next event is armed before the command is issued.
 */
async function runInstance(n, prefix, sourceContext, starts, completions) {
  const engine = newEngine(n, prefix, sourceContext);
  const listener = new EventEmitter();
  let pending = null;
  const arm = () =>
    new Promise((resolve, reject) => {
      pending = { resolve, reject };
    });
  const settle = (value) => {
    const p = pending;
    pending = null;
    if (!p) throw new Error(`${engine.name}: unexpected ${value.end ? 'end' : `wait of ${value.api.id}`}`);
    p.resolve(value);
  };
  listener.on('wait', (api) => settle({ api }));
  engine.once('end', () => settle({ end: true }));
  engine.once('error', (err) => pending?.reject(err));

  let at = performance.now();
  let next = arm();
  await engine.execute({ listener });
  let event = await next;
  starts.push(performance.now() - at);

  for (let step = 0; step < 4; step++) {
    if (event.end || event.api.id !== TASKS[step]) {
      throw new Error(`${engine.name}: expected to wait in ${TASKS[step]}, got ${event.end ? 'end' : event.api.id}`);
    }
    at = performance.now();
    next = arm();
    event.api.signal({ completedBy: step });
    event = await next;
    completions.push(performance.now() - at);
  }

  if (!event.end || engine.state !== 'idle') {
    throw new Error(`${engine.name}: expected the process to end, engine state is ${engine.state}`);
  }
}

async function run(instances, clients, prefix, sourceContext) {
  let next = 0;
  const starts = [];
  const completions = [];
  const cpuBefore = process.cpuUsage();
  const began = performance.now();
  await Promise.all(
    Array.from({ length: clients }, async () => {
      for (let n = ++next; n <= instances; n = ++next) {
        await runInstance(n, prefix, sourceContext, starts, completions);
      }
    })
  );
  const elapsedMs = performance.now() - began;
  const cpu = process.cpuUsage(cpuBefore);
  if (starts.length !== instances || completions.length !== instances * 4) {
    throw new Error(`expected ${instances} starts and ${instances * 4} completions, got ${starts.length} and ${completions.length}`);
  }
  return { instances, clients, elapsedMs, cpuMs: (cpu.user + cpu.system) / 1000, starts, completions, commands: starts.concat(completions) };
}

/** Nearest rank, as Kinerja.Benchmarks' Latencies.Percentile. */
function percentile(values, p) {
  if (values.length === 0) return 0;
  const sorted = values.slice().sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(Math.max(rank - 1, 0), sorted.length - 1)];
}

const ms = (v) => v.toFixed(v < 10 ? 3 : 1);
const progress = (message) => process.stderr.write(`[${new Date().toTimeString().slice(0, 8)}] ${message}\n`);

function machine() {
  let os = process.platform;
  try {
    const pretty = readFileSync('/etc/os-release', 'utf8').split('\n').find((l) => l.startsWith('PRETTY_NAME='));
    if (pretty) os = pretty.slice('PRETTY_NAME='.length).replace(/"/g, '');
  } catch {
    // not Linux: the platform name will do
  }
  const cores = cpus();
  return `${cores.length} cores, ${cores[0]?.model ?? process.arch}, ${(totalmem() / 1024 ** 3).toFixed(1)} GiB, ${os}, Node ${process.version}`;
}

async function main() {
  let options;
  try {
    options = parseArgs(process.argv.slice(2));
  } catch (err) {
    process.stderr.write(`bpmn-engine-bench: ${err.message} ${USAGE}\n`);
    return 2;
  }
  if (options.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }

  const sourceContext = options.parseEach ? null : await deploy();
  progress(`warm-up: ${options.warmup} instances with ${options.clients} clients`);
  await run(options.warmup, options.clients, 'warmup', sourceContext);
  globalThis.gc?.();
  progress(`measuring: ${options.instances} instances x 5 commands with ${options.clients} clients`);
  const r = await run(options.instances, options.clients, 'bench', sourceContext);

  const commandsPerSecond = r.commands.length / (r.elapsedMs / 1000);
  const rows = [
    ['engine', `bpmn-engine ${ENGINE_VERSION}, in memory (nothing persisted)`],
    ['process', 'start → 4 user tasks in a row → end (FourStepsProcess.Xml)'],
    ['definition', options.parseEach ? 'BPMN parsed for every instance (new Engine({ source }))' : 'BPMN parsed once, serialized context reused (new Engine({ sourceContext }))'],
    ['instances', `${r.instances} (after ${options.warmup} warm-up instances)`],
    ['clients', `${r.clients} concurrent async clients (one Node event loop)`],
    ['commands', `${r.commands.length} (start + 4 user-task signals per instance)`],
    ['elapsed', `${(r.elapsedMs / 1000).toFixed(2)} s`],
    ['commands/s', commandsPerSecond.toFixed(0)],
    ['latency p50 / p90 / p99 / max', `${ms(percentile(r.commands, 50))} / ${ms(percentile(r.commands, 90))} / ${ms(percentile(r.commands, 99))} / ${ms(Math.max(...r.commands))} ms`],
    ['start p50 / p99', `${ms(percentile(r.starts, 50))} / ${ms(percentile(r.starts, 99))} ms`],
    ['signal p50 / p99', `${ms(percentile(r.completions, 50))} / ${ms(percentile(r.completions, 99))} ms`],
    ['process CPU', `${(r.cpuMs / 1000).toFixed(1)} s, ${(r.cpuMs / r.commands.length).toFixed(3)} ms per command`],
    ['machine', machine()],
  ];
  process.stdout.write('\n| measure | value |\n|---|---|\n');
  for (const [name, value] of rows) process.stdout.write(`| ${name} | ${value} |\n`);

  const json = {
    engine: 'bpmn-engine',
    version: ENGINE_VERSION,
    instances: r.instances,
    clients: r.clients,
    commandsPerSecond: Math.round(commandsPerSecond * 10) / 10,
    p50Ms: Math.round(percentile(r.commands, 50) * 1000) / 1000,
    p99Ms: Math.round(percentile(r.commands, 99) * 1000) / 1000,
    durable: false,
    node: process.version,
  };
  if (options.parseEach) json.parseEach = true;
  process.stdout.write(`${JSON.stringify(json)}\n`);
  return 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (err) => {
    process.stderr.write(`bpmn-engine-bench: the benchmark failed: ${err?.stack ?? err}\n`);
    process.exitCode = 1;
  }
);
