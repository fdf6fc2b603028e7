// Reads a scenario file (JSON, or YAML by extension) and checks it against the contract. A file that is
// not valid JSON/YAML is reported with its line and column.
import fs from 'node:fs';
import YAML from 'yaml';
import { AppError } from '../../core/errors.ts';
import { jsonErrorPosition } from '../../core/json-error-position.ts';
import { parseScenario } from './load-scenario.ts';
import type { Scenario } from './scenario.ts';

export function readScenarioFile(file: string): Scenario {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    throw new AppError(
      'not_found',
      `Cannot read the scenario file ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}.`,
    );
  }
  const yaml = /\.ya?ml$/i.test(file);
  let data: unknown;
  try {
    data = yaml ? YAML.parse(text, { prettyErrors: true }) : JSON.parse(text);
  } catch (error) {
    const position = yaml ? yamlPosition(error) : jsonPosition(text);
    throw new AppError(
      'validation_failed',
      `${file} is not valid ${yaml ? 'YAML' : 'JSON'}${position ? ` at ${position}` : ''}: ${(error as Error).message.split('\n')[0]}`,
      [{ field: position ?? file, message: 'syntax error' }],
    );
  }
  return parseScenario(data);
}

function yamlPosition(error: unknown): string | null {
  const pos = (error as { linePos?: [{ line: number; col: number }] }).linePos?.[0];
  return pos ? `line ${pos.line}, column ${pos.col}` : null;
}

function jsonPosition(text: string): string {
  const { line, column } = jsonErrorPosition(text);
  return `line ${line}, column ${column}`;
}
