import { startDemo } from './demo-stack.js';

/** `npm run demo`: starts the demo stack and prints the one URL to open. */
const port = Number(process.env.DEMO_PORT ?? 3000);
startDemo({ storePort: port, logLevel: process.env.LOG_LEVEL }).then(
  (demo) => {
    process.stdout.write(
      [
        '',
        'ig-login-relay demo (throw-away secrets generated for this run; nothing is kept)',
        `  relay:              ${demo.relayUrl}`,
        `  simulated Instagram: ${demo.fake.url}`,
        '',
        `Open ${demo.storeUrl} and click "Continue with Instagram".`,
        'Stop with Ctrl+C.',
        '',
      ].join('\n'),
    );
    const stop = () => void demo.close().then(() => process.exit(0));
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  },
  (error: unknown) => {
    const busy = (error as { code?: string }).code === 'EADDRINUSE';
    process.stderr.write(
      busy
        ? `Port ${port} is taken. Run the demo on another port: DEMO_PORT=3100 npm run demo\n`
        : `The demo could not start: ${(error as Error).message}\n`,
    );
    process.exit(1);
  },
);
