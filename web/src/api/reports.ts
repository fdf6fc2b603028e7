// The Reporting tab's questions to the API: report queries, the advertiser's metric list (catalog plus its
// custom columns), custom columns and their formula check, report templates, and exports. Shapes are the
// shared contracts in src/shared/reports-api.ts and src/shared/custom-columns-api.ts.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { z } from 'zod';
import { AuthState, MetricList } from '../../../src/shared/api.ts';
import {
  CustomColumn,
  FormulaCheckResponse,
  type CustomColumnCreate,
  type CustomColumnUpdate,
} from '../../../src/shared/custom-columns-api.ts';
import {
  ReportQueryResponse,
  ReportTemplate,
  ReportTemplateList,
  TemplateFile,
  type ExportFormat,
  type ReportQueryRequest,
  type ReportTemplateCreate,
  type ReportTemplateUpdate,
} from '../../../src/shared/reports-api.ts';
import { ApiError, apiPath, deleteJson, getJson, patchJson, postJson } from './client.ts';

const advertiserPath = (advertiserId: string, rest: string) =>
  `/advertisers/${encodeURIComponent(advertiserId)}${rest}`;

/** The catalog's metrics and this advertiser's custom columns, each with its act, format and glossary. */
export function useAdvertiserMetrics(advertiserId: string | undefined) {
  return useQuery({
    queryKey: ['metrics', advertiserId],
    queryFn: ({ signal }) =>
      getJson(apiPath('/metrics', { advertiser_id: advertiserId }), MetricList, signal),
    enabled: !!advertiserId,
    staleTime: 60_000,
  });
}

/**
 * One report query. The key is the request itself, so two screens asking the same question share the
 * answer. While a changed report loads, the previous answer stays (dimmed) unless the advertiser changed.
 */
export function useReportQuery(request: ReportQueryRequest | undefined) {
  return useQuery({
    queryKey: ['report-query', request?.advertiser_id, request ? JSON.stringify(request) : null],
    queryFn: () => postJson(apiPath('/reports/query'), request, ReportQueryResponse),
    enabled: !!request,
    placeholderData: (previous, query) =>
      query?.queryKey[1] === request?.advertiser_id ? previous : undefined,
  });
}

// ---- Custom columns ----

export function checkFormula(advertiserId: string, formula: string, columnId: string | undefined) {
  return postJson(
    apiPath(advertiserPath(advertiserId, '/custom-columns/check')),
    { formula, column_id: columnId },
    FormulaCheckResponse,
  );
}

export function useSaveCustomColumn(advertiserId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: { id?: string; body: CustomColumnCreate | CustomColumnUpdate }) =>
      input.id
        ? patchJson(
            apiPath(advertiserPath(advertiserId, `/custom-columns/${encodeURIComponent(input.id)}`)),
            input.body,
            CustomColumn,
          )
        : postJson(apiPath(advertiserPath(advertiserId, '/custom-columns')), input.body, CustomColumn),
    // The metric list is awaited, so the caller can put a new column into a report that checks ids against it.
    onSuccess: (_column, input) => {
      // A new column is in no report yet; a changed one may change every report that shows it.
      if (input.id) void client.invalidateQueries({ queryKey: ['report-query', advertiserId] });
      return client.invalidateQueries({ queryKey: ['metrics', advertiserId] });
    },
  });
}

// ---- Templates ----

const templatesKey = (advertiserId: string) => ['report-templates', advertiserId];
const templatesPath = (advertiserId: string, rest = '') =>
  apiPath(advertiserPath(advertiserId, `/report-templates${rest}`));

export function useTemplates(advertiserId: string | undefined) {
  return useQuery({
    queryKey: templatesKey(advertiserId ?? ''),
    queryFn: ({ signal }) => getJson(templatesPath(advertiserId ?? ''), ReportTemplateList, signal),
    enabled: !!advertiserId,
  });
}

export type TemplateAction =
  | { kind: 'create'; body: ReportTemplateCreate }
  | { kind: 'update'; templateId: string; body: ReportTemplateUpdate }
  | { kind: 'duplicate'; templateId: string; name?: string }
  | { kind: 'delete'; templateId: string };

function runTemplateAction(advertiserId: string, action: TemplateAction): Promise<ReportTemplate | null> {
  const one = (id: string, rest = '') => templatesPath(advertiserId, `/${encodeURIComponent(id)}${rest}`);
  switch (action.kind) {
    case 'create':
      return postJson(templatesPath(advertiserId), action.body, ReportTemplate);
    case 'update':
      return patchJson(one(action.templateId), action.body, ReportTemplate);
    case 'duplicate':
      return postJson(one(action.templateId, '/duplicate'), { name: action.name }, ReportTemplate);
    case 'delete':
      return deleteJson(one(action.templateId), z.unknown()).then(() => null);
  }
}

/** Every template change answers with the template as stored (or null for a delete). */
export function useTemplateAction(advertiserId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (action: TemplateAction) => runTemplateAction(advertiserId, action),
    onSuccess: () => client.invalidateQueries({ queryKey: templatesKey(advertiserId) }),
  });
}

/** A template as a file (with the custom columns it uses), for version control or another installation. */
export async function downloadTemplateFile(advertiserId: string, template: ReportTemplate): Promise<void> {
  const file = await getJson(
    templatesPath(advertiserId, `/${encodeURIComponent(template.template_id)}/file`),
    TemplateFile,
  );
  const name = `${template.name.replace(/[^\p{L}\p{N} _-]+/gu, '').trim() || 'report'}.adcockpit-template.json`;
  saveBlob(new Blob([`${JSON.stringify(file, null, 2)}\n`], { type: 'application/json' }), name);
}

const ImportAnswer = z.object({
  template: ReportTemplate,
  created_columns: z.array(z.string()),
  reused_columns: z.array(z.string()),
});

/** Reads a template file and imports it; a file that is not one is refused here, before anything is sent. */
export function useImportTemplate(advertiserId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (file: File) => {
      let parsed: unknown;
      try {
        parsed = JSON.parse(await file.text());
      } catch {
        throw new ApiError(`${file.name} is not a template file: it is not JSON.`, 0, 'bad_file');
      }
      const template = TemplateFile.safeParse(parsed);
      if (!template.success) {
        const issue = template.error.issues[0];
        const where = issue ? ` (${issue.path.join('.') || 'top level'}: ${issue.message})` : '';
        throw new ApiError(`${file.name} is not an Adcockpit report template${where}.`, 0, 'bad_file');
      }
      return postJson(templatesPath(advertiserId, '/import'), template.data, ImportAnswer);
    },
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: templatesKey(advertiserId) });
      return client.invalidateQueries({ queryKey: ['metrics', advertiserId] });
    },
  });
}

// ---- Export ----

function saveBlob(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  // The download has started from the object URL by now; free it on the next turn.
  setTimeout(() => URL.revokeObjectURL(url), 0);
}

/** The CSRF token of the current session: the shared client keeps its own copy private. */
async function csrfToken(): Promise<string | null> {
  const state = AuthState.safeParse(await (await fetch(apiPath('/auth/state'))).json());
  return state.success ? state.data.csrf_token : null;
}

function fileNameOf(response: Response, fallback: string): string {
  const header = response.headers.get('content-disposition') ?? '';
  const utf8 = /filename\*=UTF-8''([^;]+)/i.exec(header);
  if (utf8?.[1]) return decodeURIComponent(utf8[1]);
  const plain = /filename="?([^";]+)"?/i.exec(header);
  return plain?.[1] ?? fallback;
}

/** Asks the server for the report as a file and hands it to the browser as a download. */
export async function downloadReport(query: ReportQueryRequest, format: ExportFormat): Promise<string> {
  const token = await csrfToken();
  let response: Response;
  try {
    response = await fetch(apiPath('/reports/export'), {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'content-type': 'application/json', ...(token ? { 'x-csrf-token': token } : {}) },
      body: JSON.stringify({ query, format }),
    });
  } catch {
    throw new ApiError('Cannot reach the Adcockpit server. Check that it is running.', 0, 'network_error');
  }
  if (!response.ok) {
    let message = `The server answered ${response.status} ${response.statusText}.`;
    try {
      const body = (await response.json()) as { error?: { message?: string } };
      if (body.error?.message) message = body.error.message;
    } catch {
      // Not JSON: keep the status line.
    }
    throw new ApiError(message, response.status, 'export_failed');
  }
  const name = fileNameOf(response, `report.${format}`);
  saveBlob(await response.blob(), name);
  return name;
}
