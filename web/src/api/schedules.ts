// The Reporting tab's automation, asked of the API: scheduled reports, alert rules, the delivery log, the
// outbox and the mail settings. Shapes are the shared contracts in src/shared/schedules-api.ts.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { z } from 'zod';
import {
  AlertRule,
  AlertRuleList,
  DeliveryList,
  MailSettings,
  OutboxList,
  Schedule,
  ScheduleList,
  SendNowResult,
  type AlertRuleCreate,
  type AlertRuleUpdate,
  type MailSettingsUpdate,
  type ScheduleCreate,
  type ScheduleUpdate,
} from '../../../src/shared/schedules-api.ts';
import { apiPath, deleteJson, getJson, patchJson, postJson, putJson } from './client.ts';

const path = (advertiserId: string, rest: string) =>
  `/advertisers/${encodeURIComponent(advertiserId)}${rest}`;
const Deleted = z.object({ deleted: z.string() });

/** The API path of a schedule's e-mail preview (an HTML page, opened in a tab of its own). */
export const schedulePreviewUrl = (advertiserId: string, scheduleId: string): string =>
  apiPath(path(advertiserId, `/schedules/${encodeURIComponent(scheduleId)}/preview`));

/** An outbox message as a page (`html`) or as the .eml file for a mail program. */
export const outboxMessageUrl = (advertiserId: string, file: string, as: 'html' | 'eml' = 'html'): string =>
  apiPath(path(advertiserId, `/outbox/${encodeURIComponent(file)}`), { as });

// ---- Schedules ----

export function useSchedules(advertiserId: string) {
  return useQuery({
    queryKey: ['schedules', advertiserId],
    queryFn: ({ signal }) => getJson(apiPath(path(advertiserId, '/schedules')), ScheduleList, signal),
  });
}

export function useSaveSchedule(advertiserId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: { id?: string; body: ScheduleCreate | ScheduleUpdate }) =>
      input.id
        ? patchJson(
            apiPath(path(advertiserId, `/schedules/${encodeURIComponent(input.id)}`)),
            input.body,
            Schedule,
          )
        : postJson(apiPath(path(advertiserId, '/schedules')), input.body, Schedule),
    onSuccess: () => client.invalidateQueries({ queryKey: ['schedules', advertiserId] }),
  });
}

export function useDeleteSchedule(advertiserId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) =>
      deleteJson(apiPath(path(advertiserId, `/schedules/${encodeURIComponent(id)}`)), Deleted),
    onSuccess: () => client.invalidateQueries({ queryKey: ['schedules', advertiserId] }),
  });
}

export function useSendNow(advertiserId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) =>
      postJson(apiPath(path(advertiserId, `/schedules/${encodeURIComponent(id)}/send`)), {}, SendNowResult),
    onSettled: () => {
      void client.invalidateQueries({ queryKey: ['schedules', advertiserId] });
      void client.invalidateQueries({ queryKey: ['deliveries', advertiserId] });
      void client.invalidateQueries({ queryKey: ['outbox', advertiserId] });
    },
  });
}

// ---- Alerts ----

export function useAlerts(advertiserId: string) {
  return useQuery({
    queryKey: ['alerts', advertiserId],
    queryFn: ({ signal }) => getJson(apiPath(path(advertiserId, '/alerts')), AlertRuleList, signal),
  });
}

export function useSaveAlert(advertiserId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: { id?: string; body: AlertRuleCreate | AlertRuleUpdate }) =>
      input.id
        ? patchJson(
            apiPath(path(advertiserId, `/alerts/${encodeURIComponent(input.id)}`)),
            input.body,
            AlertRule,
          )
        : postJson(apiPath(path(advertiserId, '/alerts')), input.body, AlertRule),
    onSuccess: () => client.invalidateQueries({ queryKey: ['alerts', advertiserId] }),
  });
}

export function useDeleteAlert(advertiserId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) =>
      deleteJson(apiPath(path(advertiserId, `/alerts/${encodeURIComponent(id)}`)), Deleted),
    onSuccess: () => client.invalidateQueries({ queryKey: ['alerts', advertiserId] }),
  });
}

// ---- Deliveries and the outbox ----

/** Refreshed while something is on its way, so "retrying" turns into "sent" or "failed" on its own. */
export function useDeliveries(advertiserId: string) {
  return useQuery({
    queryKey: ['deliveries', advertiserId],
    queryFn: ({ signal }) => getJson(apiPath(path(advertiserId, '/deliveries')), DeliveryList, signal),
    refetchInterval: (query) =>
      query.state.data?.deliveries.some((d) => d.status !== 'sent' && d.status !== 'failed') ? 5000 : false,
  });
}

export function useOutbox(advertiserId: string) {
  return useQuery({
    queryKey: ['outbox', advertiserId],
    queryFn: ({ signal }) => getJson(apiPath(path(advertiserId, '/outbox')), OutboxList, signal),
  });
}

// ---- Mail settings (owners and admins) ----

export function useMailSettings() {
  return useQuery({
    queryKey: ['mail-settings'],
    queryFn: ({ signal }) => getJson(apiPath('/settings/mail'), MailSettings, signal),
  });
}

export function useSaveMailSettings() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: MailSettingsUpdate) => putJson(apiPath('/settings/mail'), body, MailSettings),
    onSuccess: (settings) => {
      client.setQueryData(['mail-settings'], settings);
      void client.invalidateQueries({ queryKey: ['outbox'] });
    },
  });
}
