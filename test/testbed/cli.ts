/** `npm run testbed -- <command>`: up, down, status, env, stop, start, build. */
import { parseArgs } from 'node:util';
import { buildBinaries, down, env, startComponent, status, stopComponent, up } from './testbed.js';

const usage = `usage: npm run testbed -- <command>

  up [--clusters N]   build what is missing, start N clusters (default 3) and the Git server
  down [--purge]      stop every process the test bed started (--purge also deletes its state)
  status              each component's pid, state and health; audit log and kubeconfig paths
  env                 shell export lines (use: eval "$(npm run -s testbed -- env)")
  stop ID             stop one component, e.g. c2/kube-apiserver (to test outages)
  start ID            start that component again and wait until it is healthy
  build               build the binaries only (cached outside the repository)`;

const say = (line: string) => process.stderr.write(`testbed: ${line}\n`);

async function main(argv: string[]): Promise<number> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      clusters: { type: 'string', default: '3' },
      purge: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const [command, id] = positionals;
  if (values.help || !command) {
    process.stdout.write(`${usage}\n`);
    return values.help ? 0 : 2;
  }
  switch (command) {
    case 'up': {
      const started = Date.now();
      await up(Number(values.clusters), say);
      say(
        `up in ${Math.round((Date.now() - started) / 1000)} s; use it with: eval "$(npm run -s testbed -- env)"`,
      );
      return 0;
    }
    case 'down':
      await down(values.purge, say);
      return 0;
    case 'status':
      process.stdout.write((await status()).join('\n') + '\n');
      return 0;
    case 'env':
      for (const [k, v] of Object.entries(env())) process.stdout.write(`export ${k}=${shellQuote(v)}\n`);
      return 0;
    case 'stop':
    case 'start':
      if (!id) throw new Error(`${command} needs a component id, e.g. c2/kube-apiserver`);
      await (command === 'stop' ? stopComponent(id, say) : startComponent(id, say));
      return 0;
    case 'build':
      process.stdout.write(`${await buildBinaries(say)}\n`);
      return 0;
    default:
      process.stderr.write(`unknown command "${command}"\n${usage}\n`);
      return 2;
  }
}

function shellQuote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`testbed: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  },
);
