import { createContext, type ReactNode, useContext, useEffect, useRef, useState } from 'react';

export type TicketChange = { id: string; status: string; updatedAt: string };
type Listener = (c: TicketChange) => void;
type Live = { connected: boolean; subscribe(l: Listener): () => void };

const LiveContext = createContext<Live>({ connected: false, subscribe: () => () => {} });

/**
 * One Server-Sent Events stream per tab (`/api/v1/live/tickets`), read with fetch so the
 * session cookie travels with it. Reconnects by itself; on every
 * (re)connect listeners get a `*` change so screens re-read what they may have missed.
 */
export function LiveProvider({ enabled, children }: { enabled: boolean; children: ReactNode }) {
  const listeners = useRef(new Set<Listener>());
  const [connected, setConnected] = useState(false);

  useEffect(() => {
    if (!enabled) return;
    let stopped = false;
    let controller: AbortController | null = null;
    const emit = (c: TicketChange) => {
      for (const l of listeners.current) l(c);
    };

    async function run() {
      while (!stopped) {
        controller = new AbortController();
        try {
          const res = await fetch('/api/v1/live/tickets', { credentials: 'same-origin', signal: controller.signal });
          if (!res.ok || !res.body) throw new Error(`HTTP ${res.status}`);
          const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
          let buffer = '';
          for (;;) {
            const { value, done } = await reader.read();
            if (done) break;
            buffer += value;
            for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
              const block = buffer.slice(0, end);
              buffer = buffer.slice(end + 2);
              const event = /^event: (.*)$/m.exec(block)?.[1];
              const data = /^data: (.*)$/m.exec(block)?.[1];
              if (event === 'ready') {
                setConnected(true);
                emit({ id: '*', status: '', updatedAt: '' });
              } else if (event === 'ticket' && data) emit(JSON.parse(data) as TicketChange);
            }
          }
        } catch {
          // dropped or refused: fall through to the retry below
        }
        setConnected(false);
        if (!stopped) await new Promise((r) => setTimeout(r, 1000));
      }
    }
    void run();
    return () => {
      stopped = true;
      controller?.abort();
    };
  }, [enabled]);

  const value = useRef<Live>({
    connected: false,
    subscribe: (l) => {
      listeners.current.add(l);
      return () => listeners.current.delete(l);
    },
  });
  return <LiveContext.Provider value={{ ...value.current, connected }}>{children}</LiveContext.Provider>;
}

/** Calls `onChange` for each change of an order (id `*` after a reconnect: re-read everything). */
export function useTicketChanges(onChange: (c: TicketChange) => void) {
  const live = useContext(LiveContext);
  const ref = useRef(onChange);
  ref.current = onChange;
  useEffect(() => live.subscribe((c) => ref.current(c)), [live.subscribe]);
}

export const useLiveStatus = () => useContext(LiveContext).connected;
