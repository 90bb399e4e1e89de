/**
 * Runs a long HostApi call (an export, a Word import) with a progress id and
 * asks the host how far it has come while it runs (`getTaskProgress`, about
 * four times a second; shared/progress/task-progress.ts says why the
 * renderer asks rather than being told). Stops asking when the call ends,
 * and when the view goes away.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { TaskProgress } from '../../shared/progress/task-progress.ts';
import { useHost } from '../app/host-context.ts';

const POLL_MS = 250;

export interface TaskProgressState {
  /** The host's latest answer for it; null until it has one. */
  readonly progress: TaskProgress | null;
  /** Runs `call` with a fresh progress id, following its progress until it settles. */
  readonly track: <T>(call: (progressId: string) => Promise<T>) => Promise<T>;
}

export function useTaskProgress(): TaskProgressState {
  const host = useHost();
  const [progress, setProgress] = useState<TaskProgress | null>(null);
  const stopPolling = useRef<(() => void) | null>(null);

  useEffect(() => () => stopPolling.current?.(), []);

  const track = useCallback(
    async <T>(call: (progressId: string) => Promise<T>): Promise<T> => {
      stopPolling.current?.();
      const progressId = crypto.randomUUID();
      let stopped = false;
      const poll = async (): Promise<void> => {
        try {
          const latest = await host.getTaskProgress({ progressId });
          if (!stopped && latest !== null) setProgress(latest);
        } catch {
          // Progress is a courtesy: a failed question changes nothing, the next one may answer.
        }
      };
      const timer = setInterval(() => void poll(), POLL_MS);
      stopPolling.current = () => {
        stopped = true;
        clearInterval(timer);
      };
      setProgress(null);
      try {
        return await call(progressId);
      } finally {
        stopPolling.current?.();
        stopPolling.current = null;
      }
    },
    [host],
  );

  return { progress, track };
}
