/**
 * Whether this Samskriv may talk to a sync server on another computer over
 * plain `http:`/`ws:` (server-url.ts refuses it otherwise).
 *
 * The only way to allow it is the `--insecure` switch on the command line of
 * the desktop app or the browser host: a test lab's operator decides it when
 * starting the process, and nothing the renderer (or a plan, or a colleague's
 * link) sends can change it. README, "Test labs without TLS".
 */

export const INSECURE_SWITCH = '--insecure';

export interface TransportPolicy {
  /** Plain http/ws to any host, for a test lab without TLS. */
  readonly allowInsecure: boolean;
}

/** The policy the process was started with. */
export function transportPolicyFromArgv(argv: readonly string[] = process.argv): TransportPolicy {
  return { allowInsecure: argv.includes(INSECURE_SWITCH) };
}
