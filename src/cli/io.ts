/** Where a command writes: the terminal in `intake`, a buffer in tests. One line per call. */
export interface Io {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
}
