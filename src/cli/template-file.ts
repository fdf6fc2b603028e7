// Reads a report template file for `adcockpit template import`, so that every problem — bad JSON, a field
// the contract refuses, or one the server refuses later — is told with its field and the line it is on.
import fs from 'node:fs';
import YAML from 'yaml';
import { AppError, type ErrorDetail } from '../core/errors.ts';
import { formatPath } from '../core/field-path.ts';
import { jsonErrorPosition } from '../core/json-error-position.ts';
import { TemplateFile } from '../shared/reports-api.ts';

export interface ReadTemplate {
  file: TemplateFile;
  /** The file's text, to find the line of a field a later check names. */
  text: string;
}

export function readTemplateFile(path: string): ReadTemplate {
  let text: string;
  try {
    text = fs.readFileSync(path, 'utf8');
  } catch (error) {
    throw new AppError(
      'not_found',
      `Cannot read the template file ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}.`,
    );
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    const { line, column } = jsonErrorPosition(text);
    throw new AppError(
      'validation_failed',
      `${path} is not valid JSON at line ${line}, column ${column}: ${(error as Error).message.split('\n')[0]}. Nothing was imported.`,
      [{ field: `line ${line}, column ${column}`, message: 'syntax error' }],
    );
  }
  const parsed = TemplateFile.safeParse(data);
  if (!parsed.success) {
    const details = parsed.error.issues.map((issue) => ({
      field: formatPath(issue.path),
      message: issue.message,
    }));
    throw new AppError(
      'validation_failed',
      `${path} is not a report template file; nothing was imported.`,
      withLines(details, text),
    );
  }
  return { file: parsed.data, text };
}

/** "custom_columns[1].formula" → ['custom_columns', 1, 'formula'] */
function pathOf(field: string): (string | number)[] {
  const out: (string | number)[] = [];
  for (const match of field.matchAll(/([^.[\]]+)|\[(\d+)\]/g))
    out.push(match[2] !== undefined ? Number(match[2]) : match[1]!);
  return out;
}

/** The line of the field in the JSON text (JSON is YAML, whose parser keeps every node's place), or of the
 * nearest enclosing field that is there. */
export function lineOf(text: string, field: string): number | null {
  let doc: YAML.Document.Parsed;
  try {
    doc = YAML.parseDocument(text);
  } catch {
    return null;
  }
  for (let path = pathOf(field); path.length > 0; path = path.slice(0, -1)) {
    const node = doc.getIn(path, true) as { range?: [number, number, number] } | undefined;
    if (node?.range) return text.slice(0, node.range[0]).split('\n').length;
  }
  return null;
}

/** Problems with their line added to the field: "custom_columns[1].formula (line 14)". */
export function withLines(details: readonly ErrorDetail[], text: string): ErrorDetail[] {
  return details.map((detail) => {
    const line = detail.field ? lineOf(text, detail.field.replace(/^body\.?/, '')) : null;
    const field = detail.field?.replace(/^body\.?/, '') || detail.field;
    const at = detail.position !== undefined ? ` (at character ${detail.position + 1} of the formula)` : '';
    return {
      ...detail,
      message: `${detail.message}${at}`,
      ...(field ? { field: line ? `${field} (line ${line})` : field } : {}),
    };
  });
}
