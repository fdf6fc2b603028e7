// TikTok's standard web event names and the 2025 renames. Names are case-sensitive, as TikTok's are: an
// unknown name (a custom event, or a standard one in the wrong case) is kept as sent.

/** Web/Offline/CRM standard events since 2025-05-01, plus the soft-deprecated ones still supported. */
export const STANDARD_EVENTS: ReadonlySet<string> = new Set([
  'AddPaymentInfo',
  'AddToCart',
  'AddToWishlist',
  'ApplicationApproval',
  'CompleteRegistration',
  'Contact',
  'CustomizeProduct',
  'Download',
  'FindLocation',
  'InitiateCheckout',
  'Lead',
  'Purchase',
  'Schedule',
  'Search',
  'StartTrial',
  'SubmitApplication',
  'Subscribe',
  'ViewContent',
  'ClickButton',
  'PlaceAnOrder',
  // The browser pixel's page view (ttq.page()).
  'Pageview',
]);

/** Old names TikTok still accepts and reports under the new one. */
const RENAMED: Readonly<Record<string, string>> = {
  CompletePayment: 'Purchase',
  SubmitForm: 'Lead',
};

export function normaliseEventName(name: string): string {
  return RENAMED[name] ?? name;
}

export const isStandardEvent = (name: string): boolean => STANDARD_EVENTS.has(normaliseEventName(name));
