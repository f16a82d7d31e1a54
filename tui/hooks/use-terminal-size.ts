/**
 * The terminal's size, updated on resize, so layouts fit 80×24 and adapt when the window
 * (or the SSH client) changes. Falls back to 80×24 when the stream does not say.
 */
import { useStdout } from 'ink';
import { useLayoutEffect, useState } from 'react';

export interface TerminalSize {
  columns: number;
  rows: number;
}

function read(stdout: NodeJS.WriteStream): TerminalSize {
  return { columns: stdout.columns > 0 ? stdout.columns : 80, rows: stdout.rows > 0 ? stdout.rows : 24 };
}

export function useTerminalSize(): TerminalSize {
  const { stdout } = useStdout();
  const [size, setSize] = useState(() => read(stdout));
  useLayoutEffect(() => {
    const onResize = (): void => setSize(read(stdout));
    // The size may have changed between the first render and this subscription.
    onResize();
    stdout.on('resize', onResize);
    return () => {
      stdout.off('resize', onResize);
    };
  }, [stdout]);
  return size;
}
