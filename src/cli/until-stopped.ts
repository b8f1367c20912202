/**
 * How the built-in peers run on their own: until SIGTERM, SIGINT or a line "quit" on stdin (the
 * stop methods a DUT profile offers), then `shutdown`, then 0 as the exit code.
 */
export function runUntilStopped(shutdown: () => Promise<void>, afterwards?: () => void): Promise<number> {
  return new Promise<number>((resolve) => {
    let stopping = false;
    const stop = async () => {
      if (stopping) return;
      stopping = true;
      await shutdown();
      process.stdin.destroy(); // an open stdin would keep the process alive
      afterwards?.();
      resolve(0);
    };
    process.once('SIGTERM', stop);
    process.once('SIGINT', stop);
    process.stdin.setEncoding('utf8');
    process.stdin.on('data', (chunk: string) => {
      if (chunk.split('\n').some((l) => l.trim() === 'quit')) void stop();
    });
  });
}
