/**
 * Converts a document with LibreOffice (`soffice --headless --convert-to`),
 * the way the PDF export makes a PDF of the .docx: LibreOffice lays out the
 * pages itself, so the PDF has the table of contents with page numbers that
 * the .docx carries (docs/decisions/export.md has why not Chromium's print).
 *
 * Every conversion gets its own LibreOffice profile in a temporary folder:
 * with the user's own profile, a LibreOffice window the user has open would
 * take the job over and our process would return at once without a file.
 * The folder is removed afterwards, whatever happened.
 */
import { execFile } from 'node:child_process';
import { accessSync, constants, existsSync, statSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, delimiter, extname, join } from 'node:path';
import { pathToFileURL } from 'node:url';

/**
 * Why an export did not give a file; the renderer says each in words
 * (export-failed). `open-suggestions`: the clean submission is refused while
 * suggestions are undecided (plan-export.ts).
 */
export type ConversionFailure = 'libreoffice-missing' | 'conversion-failed' | 'open-suggestions';

export class ConversionError extends Error {
  readonly reason: ConversionFailure;

  constructor(reason: ConversionFailure, message: string) {
    super(message);
    this.name = 'ConversionError';
    this.reason = reason;
  }
}

/** A 300-page plan converts in seconds; a minute means LibreOffice hangs (a dialog it cannot show). */
const DEFAULT_TIMEOUT_MS = 120_000;

/**
 * Where soffice is: `SAMSKRIV_SOFFICE` if set, else the usual install
 * folder on Windows and macOS (where it is not on PATH), else `soffice` on PATH.
 */
export function sofficeCommand(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  const configured = env['SAMSKRIV_SOFFICE'];
  if (configured !== undefined && configured !== '') return configured;
  const candidates =
    platform === 'win32'
      ? [join(env['ProgramFiles'] ?? 'C:\\Program Files', 'LibreOffice', 'program', 'soffice.exe'), 'C:\\Program Files (x86)\\LibreOffice\\program\\soffice.exe']
      : platform === 'darwin'
        ? ['/Applications/LibreOffice.app/Contents/MacOS/soffice']
        : [];
  return candidates.find((path) => existsSync(path)) ?? 'soffice';
}

/**
 * Whether LibreOffice is there to start: the executable `sofficeCommand`
 * names exists (a path), or a `soffice` is on PATH. It does not start it:
 * the export menu asks this whenever it opens, and a start takes seconds.
 */
export function libreOfficeInstalled(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): boolean {
  const command = sofficeCommand(env, platform);
  if (command.includes('/') || command.includes('\\')) return isExecutableFile(command);
  const names = platform === 'win32' ? [command, `${command}.exe`, `${command}.com`] : [command];
  const folders = (env['PATH'] ?? env['Path'] ?? '').split(platform === 'win32' ? ';' : delimiter).filter((folder) => folder !== '');
  return folders.some((folder) => names.some((name) => isExecutableFile(join(folder, name))));
}

function isExecutableFile(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

export interface ConversionOptions {
  /** The soffice executable; `sofficeCommand()` by default. */
  readonly soffice?: string;
  readonly timeoutMs?: number;
}

/**
 * Converts `input`, a file named `fileName` (its extension tells LibreOffice
 * what it is), to `format` (`pdf`, `txt:Text`, `fodt`, …) and returns the
 * converted bytes.
 */
export async function convertWithLibreOffice(input: Uint8Array, fileName: string, format: string, options: ConversionOptions = {}): Promise<Uint8Array> {
  const soffice = options.soffice ?? sofficeCommand();
  const work = await mkdtemp(join(tmpdir(), 'samskriv-convert-'));
  try {
    const inputPath = join(work, basename(fileName));
    const outDir = join(work, 'out');
    await writeFile(inputPath, input);
    const args = [
      `-env:UserInstallation=${pathToFileURL(join(work, 'profile')).href}`,
      '--headless',
      '--norestore',
      '--nolockcheck',
      '--convert-to',
      format,
      '--outdir',
      outDir,
      inputPath,
    ];
    const stderr = await run(soffice, args, options.timeoutMs ?? DEFAULT_TIMEOUT_MS);
    const extension = format.split(':')[0]!;
    const outputPath = join(outDir, `${basename(fileName, extname(fileName))}.${extension}`);
    try {
      return new Uint8Array(await readFile(outputPath));
    } catch {
      throw new ConversionError('conversion-failed', `LibreOffice wrote no ${extension} file. ${stderr.trim()}`.trim());
    }
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

function run(command: string, args: readonly string[], timeout: number): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(command, args, { timeout, windowsHide: true, maxBuffer: 4 * 1024 * 1024 }, (error, _stdout, stderr) => {
      if (error === null) {
        resolve(String(stderr));
        return;
      }
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'EACCES') {
        reject(new ConversionError('libreoffice-missing', `LibreOffice (${command}) was not found: ${error.message}`));
      } else {
        reject(new ConversionError('conversion-failed', `LibreOffice failed: ${error.message} ${String(stderr).trim()}`.trim()));
      }
    });
  });
}
