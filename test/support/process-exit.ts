/**
 * Cleanups that must run even when a test file forgets to stop what it started:
 * child servers would otherwise outlive the test process and keep their ports.
 * One shared `exit` listener, so many instances do not trip MaxListeners warnings.
 */
const hooks = new Set<() => void>();
let installed = false;

export function onProcessExit(hook: () => void): () => void {
  if (!installed) {
    installed = true;
    process.once('exit', () => {
      for (const h of hooks) {
        try {
          h();
        } catch {
          // Best effort: the process is exiting anyway.
        }
      }
    });
  }
  hooks.add(hook);
  return () => hooks.delete(hook);
}
