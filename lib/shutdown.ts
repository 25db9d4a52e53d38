/**
 * Runs a graceful shutdown once on SIGINT or SIGTERM. A second signal (a
 * terminal's Ctrl-C reaches both npx/tsx and node, and tsx relays it) must not
 * fall through to Node's default handler, which would kill the process
 * half-way and leave its children running.
 */
export function onShutdownSignal(shutdown: (signal: NodeJS.Signals) => Promise<void>): void {
  let started = false;
  const handle = (signal: NodeJS.Signals): void => {
    if (started) return;
    started = true;
    shutdown(signal).then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on("SIGINT", handle);
  process.on("SIGTERM", handle);
}
