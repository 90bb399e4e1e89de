/**
 * The source reader's worker entry: reads one file (source-extraction.ts)
 * and posts back the text or the refusal. Started by read-source.ts with a
 * memory and a time limit, so that a file built to exhaust either stops
 * this thread, never main.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { readSourceFile } from './source-extraction.ts';

const input = workerData as { readonly fileName: string; readonly data: Uint8Array };
parentPort?.postMessage(await readSourceFile(input.fileName, input.data));
