// Parser for accelerometer trace files ("t_ms,x,y,z", one sample a line), shared by the
// bounce CLI, the benchmark and the simulator. Strict: any malformed line is an error that
// names the file and line, so a bad recording is never silently half-read.

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

export function parseTraceCsv(text: string, fileName: string): Trace {
  const lines = text.replace(/^\uFEFF/, "").split(/\r?\n/);
  // A final newline leaves one empty string at the end; blank lines elsewhere are errors.
  if (lines.length > 0 && lines[lines.length - 1] === "") lines.pop();
  const fail = (lineIndex: number, what: string): never => {
    throw new TraceError(`${fileName}:${lineIndex + 1}: ${what}`);
  };
  if (lines.length === 0) fail(0, `empty file, expected header "${HEADER}"`);
  const header = lines[0].replace(/\s+/g, "");
  if (header !== HEADER) fail(0, `expected header "${HEADER}", got "${lines[0]}"`);
  if (lines.length === 1) fail(1, "no samples after the header");

  const trace: Trace = { name: traceName(fileName), t: [], x: [], y: [], z: [] };
  for (let i = 1; i < lines.length; i++) {
    const fields = lines[i].split(",");
    if (fields.length !== 4) fail(i, `expected 4 numbers, got ${fields.length}`);
    const values = fields.map(parseNumber);
    for (let k = 0; k < 4; k++) {
      if (!isFinite(values[k])) fail(i, `${HEADER.split(",")[k]} is not a number: "${fields[k].trim()}"`);
    }
    const [t, x, y, z] = values;
    const previous = trace.t.length > 0 ? trace.t[trace.t.length - 1] : -Infinity;
    if (t <= previous) fail(i, `t_ms must increase strictly (${t} after ${previous})`);
    trace.t.push(t);
    trace.x.push(x);
    trace.y.push(y);
    trace.z.push(z);
  }
  return trace;
}
