// A Dockerfile read into its stages and instructions, for checks that need no Docker engine.

export interface Instruction {
  /** Upper-case keyword: FROM, RUN, COPY, CMD, … */
  keyword: string;
  /** `--from=x` style flags, by name. */
  flags: Record<string, string>;
  /** The rest of the line (continuations joined with a space). */
  text: string;
  /** The JSON (exec) form's array, when the arguments are one. */
  exec?: string[];
}

export interface Stage {
  name: string;
  image: string;
  instructions: Instruction[];
}

/** Parses the parts of the Dockerfile syntax this repository uses (no parser directives). */
export function parseDockerfile(source: string): Stage[] {
  const lines: string[] = [];
  let pending = '';
  for (const raw of source.split('\n')) {
    if (/^\s*#/.test(raw)) continue;
    const line = raw.trimEnd();
    if (line.endsWith('\\')) {
      pending += `${line.slice(0, -1).trim()} `;
      continue;
    }
    const whole = (pending + line.trim()).trim();
    pending = '';
    if (whole !== '') lines.push(whole);
  }
  const stages: Stage[] = [];
  for (const line of lines) {
    const [keyword = '', ...words] = line.split(/\s+/);
    const flags: Record<string, string> = {};
    while (words[0]?.startsWith('--')) {
      const [name = '', value = ''] = (words.shift() as string).slice(2).split('=');
      flags[name] = value;
    }
    const text = words.join(' ');
    const instruction: Instruction = { keyword: keyword.toUpperCase(), flags, text };
    if (text.startsWith('[')) instruction.exec = JSON.parse(text) as string[];
    if (instruction.keyword === 'FROM') {
      const [image = '', as, name] = words;
      if (as?.toUpperCase() !== 'AS' || name === undefined) {
        throw new Error(`every stage needs a name: FROM ${text}`);
      }
      stages.push({ name, image, instructions: [] });
      continue;
    }
    const stage = stages.at(-1);
    if (stage === undefined) throw new Error(`${keyword} before any FROM`);
    stage.instructions.push(instruction);
  }
  return stages;
}

/** The shell commands of a RUN, split at `&&`. */
export function runCommands(instruction: Instruction): string[] {
  return instruction.text
    .split('&&')
    .map((command) => command.trim())
    .filter(Boolean);
}
