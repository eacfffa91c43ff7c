// Parser for accelerometer trace files ("t_ms,x,y,z", one sample a line), shared by the
// bounce CLI, the benchmark and the simulator. Strict: any malformed line is an error that
// names the file and line, so a bad recording is never silently half-read.
// `TraceLineReader` takes one line at a time, so a caller that streams a file (tools/detect-bounce.ts)
// never holds more than one line of it; `parseTraceCsv` is the same rules over a whole text.
// No Node modules here: the web app's demo wearable imports this file too.

export interface Trace {
  name: string;
  t: number[];
  x: number[];
  y: number[];
  z: number[];
}

export class TraceError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "TraceError";
  }
}

const HEADER = "t_ms,x,y,z";
const FIELD_NAMES = HEADER.split(",");

/** File name without folders and without a trailing ".csv": the trace's name in reports. */
export function traceName(fileName: string): string {
  const base = fileName.replace(/^.*[\\/]/, "");
  return base.replace(/\.csv$/i, "");
}

function parseNumber(field: string): number {
  const trimmed = field.trim();
  // Number("") is 0 and Number(" 1 ") is 1: reject empty fields explicitly instead.
  if (trimmed === "") return NaN;
  return Number(trimmed);
}

/** One sample as `TraceLineReader.line` returns it; the same object is reused for every line. */
export interface TraceSample {
  t: number;
  x: number;
  y: number;
  z: number;
}

/**
 * Reads a trace one line at a time (without its line break). `line` returns the sample on that line,
 * or null for the header; `end` checks the file as a whole. Both throw a TraceError naming file and line.
 */
export class TraceLineReader {
  private lineNumber = 0;
  private samples = 0;
  private previousT = -Infinity;
  private readonly sample: TraceSample = { t: 0, x: 0, y: 0, z: 0 };

  constructor(private readonly fileName: string) {}

  private fail(lineNumber: number, what: string): never {
    throw new TraceError(`${this.fileName}:${lineNumber}: ${what}`);
  }

  line(raw: string): TraceSample | null {
    this.lineNumber++;
    const text = raw.charCodeAt(raw.length - 1) === 13 ? raw.slice(0, -1) : raw; // "\r\n" line ends
    if (this.lineNumber === 1) {
      const header = text.replace(/^\uFEFF/, "");
      if (header.replace(/\s+/g, "") !== HEADER) this.fail(1, `expected header "${HEADER}", got "${header}"`);
      return null;
    }
    const fields = text.split(",");
    if (fields.length !== 4) this.fail(this.lineNumber, `expected 4 numbers, got ${fields.length}`);
    const s = this.sample;
    s.t = parseNumber(fields[0]);
    s.x = parseNumber(fields[1]);
    s.y = parseNumber(fields[2]);
    s.z = parseNumber(fields[3]);
    for (let k = 0; k < 4; k++) {
      if (!isFinite(k === 0 ? s.t : k === 1 ? s.x : k === 2 ? s.y : s.z)) {
        this.fail(this.lineNumber, `${FIELD_NAMES[k]} is not a number: "${fields[k].trim()}"`);
      }
    }
    if (s.t <= this.previousT)
      this.fail(this.lineNumber, `t_ms must increase strictly (${s.t} after ${this.previousT})`);
    this.previousT = s.t;
    this.samples++;
    return s;
  }

  /** Call after the last line: an empty file or a header without samples is an error. Blank lines are errors anywhere. */
  end(): void {
    if (this.lineNumber === 0) this.fail(1, `empty file, expected header "${HEADER}"`);
    if (this.samples === 0) this.fail(2, "no samples after the header");
  }
}

export function parseTraceCsv(text: string, fileName: string): Trace {
  const lines = text.split("\n");
  // A final newline leaves one empty string at the end: it is no line.
  if (lines[lines.length - 1] === "") lines.pop();
  const reader = new TraceLineReader(fileName);
  const trace: Trace = { name: traceName(fileName), t: [], x: [], y: [], z: [] };
  for (const line of lines) {
    const s = reader.line(line);
    if (s === null) continue;
    trace.t.push(s.t);
    trace.x.push(s.x);
    trace.y.push(s.y);
    trace.z.push(s.z);
  }
  reader.end();
  return trace;
}
